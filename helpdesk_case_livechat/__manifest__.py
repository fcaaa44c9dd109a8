{
    "name": "Helpdesk Case - Live Chat",
    "summary": "Create helpdesk tickets from live-chat conversations: a chatbot step and the "
    "/ticket command for operators",
    "version": "19.0.1.0.0",
    "category": "Services/Helpdesk",
    "author": "Helpdesk Case",
    "website": "https://github.com/helpdesk-case/helpdesk-case",
    "license": "LGPL-3",
    "depends": ["helpdesk_case", "im_livechat"],
    "data": [
        "data/case_channel_data.xml",
        "views/chatbot_script_step_views.xml",
        "views/case_ticket_views.xml",
    ],
    "assets": {
        "web.assets_backend": ["helpdesk_case_livechat/static/src/**/*"],
    },
    "auto_install": True,
    "installable": True,
}
