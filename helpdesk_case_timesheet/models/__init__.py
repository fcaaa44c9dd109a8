from . import account_analytic_line
from . import case_typification
from . import case_ticket
