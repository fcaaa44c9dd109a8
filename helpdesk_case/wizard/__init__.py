from . import base_partner_merge_automatic_wizard
from . import case_ticket_escalate
