import { registry } from "@web/core/registry";

// Ana opens a flagged ticket Beto is viewing, answers in capitals, is asked, and sends anyway.
registry.category("web_tour.tours").add("helpdesk_case_collision", {
    steps: () => [
        {
            content: "The requester's abusive words are shown to the agent",
            trigger: ".o_case_abusive_alert:contains(idiota)",
        },
        {
            content: "and so is the shouting of their last message",
            trigger: ".o_case_shouting_alert",
        },
        {
            content: "The agent may end the attention",
            trigger: ".o_form_statusbar button[name=action_end_attention]",
        },
        {
            content: "Ana sees that Beto is viewing the ticket too",
            trigger: ".o_case_ticket_viewers:contains(Beto Agente is also viewing this ticket)",
        },
        {
            content: "Open the reply composer",
            trigger: ".o-mail-Chatter-topbar button.o-mail-Chatter-sendMessage",
            run: "click",
        },
        {
            content: "Write a reply in capitals",
            trigger: ".o-mail-Composer-input",
            run: "edit SU PEDIDO YA FUE ENVIADO HOY",
        },
        {
            content: "Send it",
            trigger: ".o-mail-Composer-send:enabled",
            run: "click",
        },
        {
            content: "The reply is not sent: Ana is asked first",
            trigger: ".modal .modal-body:contains(reads as shouting)",
        },
        {
            content: "Send anyway",
            trigger: ".modal button:contains(Send anyway)",
            run: "click",
        },
        {
            content: "The reply is in the chatter",
            trigger: ".o-mail-Message-body:contains(SU PEDIDO YA FUE ENVIADO HOY)",
        },
    ],
});
