from . import case_note_reason
from . import case_workflow
from . import case_ticket
from . import res_config_settings
from . import res_partner
