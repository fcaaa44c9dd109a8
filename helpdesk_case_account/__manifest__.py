{
    "name": "Helpdesk Case - Accounting",
    "summary": "Credit and debit notes and credit requests from tickets; invoices, statement and "
    "credit in Consulta 360",
    "version": "19.0.1.0.0",
    "category": "Services/Helpdesk",
    "author": "Helpdesk Case",
    "website": "https://github.com/helpdesk-case/helpdesk-case",
    "license": "LGPL-3",
    "depends": ["helpdesk_case", "account", "account_debit_note"],
    "data": [
        "security/case_account_security.xml",
        "security/ir.model.access.csv",
        "data/case_workflow_data.xml",
        "data/case_note_reason_data.xml",
        "views/case_note_reason_views.xml",
        "views/case_ticket_views.xml",
        "views/res_config_settings_views.xml",
    ],
    "demo": ["demo/case_credit_note_demo.xml"],
    # Debit Notes comes along: installing Invoicing is enough
    "auto_install": ["helpdesk_case", "account"],
    "installable": True,
}
