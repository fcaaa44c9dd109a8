from . import case_ticket_report
