from . import case_backorder_wizard
