{
    "name": "Helpdesk Case - Sales",
    "summary": "Tickets linked to sale orders: smart buttons, tickets from orders, the backorder "
    "workflow, order release over the credit limit and the orders of Consulta 360",
    "version": "19.0.1.0.0",
    "category": "Services/Helpdesk",
    "author": "Helpdesk Case",
    "website": "https://github.com/helpdesk-case/helpdesk-case",
    "license": "LGPL-3",
    "depends": ["helpdesk_case", "sale"],
    "data": [
        "security/ir.model.access.csv",
        "data/case_workflow_data.xml",
        "wizard/case_backorder_wizard_views.xml",
        "views/case_ticket_views.xml",
        "views/sale_order_views.xml",
        "views/res_config_settings_views.xml",
        "views/portal_templates.xml",
    ],
    "demo": ["demo/case_typification_demo.xml", "demo/sale_order_demo.xml"],
    "auto_install": True,
    "installable": True,
}
