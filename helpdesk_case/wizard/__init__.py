from . import case_ticket_escalate
