from . import case_workflow, case_ticket, stock_picking, res_partner
