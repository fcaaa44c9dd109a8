from . import case_ticket
