from . import base_partner_merge_automatic_wizard
from . import case_ticket_escalate
from . import case_ticket_split
from . import case_ticket_merge
from . import case_ticket_reject
from . import case_ticket_sla_override
from . import case_ticket_reassign
from . import case_kb_revision_compare
