from . import case_workflow, case_ticket, sale_order, res_company, res_config_settings, res_partner
