import { registry } from "@web/core/registry";

// 1x1 transparent PNG
const PNG_BASE64 =
    "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==";

async function attachFile(input, name, type, base64) {
    const blob = await (await fetch(`data:${type};base64,${base64}`)).blob();
    const transfer = new DataTransfer();
    transfer.items.add(new File([blob], name, { type }));
    input.files = transfer.files;
    input.dispatchEvent(new Event("change", { bubbles: true }));
}

registry.category("web_tour.tours").add("helpdesk_case_portal_create", {
    url: "/my/cases/new",
    steps: () => [
        {
            content: "Type the subject",
            trigger: "form.o_case_new_form input[name=subject]",
            run: "edit Tour: my order never arrived",
        },
        {
            content: "Pick the case type",
            trigger: "form.o_case_new_form select[name=typification_id]",
            run: "selectByLabel Tour order never arrived",
        },
        {
            content: "Describe the problem",
            trigger: "form.o_case_new_form textarea[name=description]",
            run: "edit The parcel of last week never came.",
        },
        {
            content: "Attach a proof",
            trigger: "form.o_case_new_form input[name=attachments]",
            async run() {
                await attachFile(this.anchor, "tour_proof.png", "image/png", PNG_BASE64);
                if (this.anchor.files.length !== 1) {
                    throw new Error("the file was not attached");
                }
            },
        },
        {
            content: "Send the case",
            trigger: "form.o_case_new_form button.o_case_submit",
            run: "click",
            expectUnloadPage: true,
        },
        {
            content: "We land on the new case",
            trigger: "h3.o_case_subject:contains(Tour: my order never arrived)",
        },
        {
            content: "Its status is shown",
            trigger: ".o_case_status",
        },
        {
            content: "The attachment is listed on the case",
            trigger: ".o_case_attachments a.o_case_attachment:contains(tour_proof.png)",
        },
        {
            content: "The chatter shows the message that carried the file",
            trigger:
                "#chatterRoot:shadow .o-mail-Message:contains(Files sent with the request.) .o-mail-AttachmentImage",
        },
    ],
});

registry.category("web_tour.tours").add("helpdesk_case_portal_network", {
    url: "/my/cases",
    steps: () => [
        {
            content: "Open the scope menu",
            trigger: "#portal_searchbar_scope",
            run: "click",
        },
        {
            content: "Show my network only",
            trigger: "a.o_case_scope_network",
            run: "click",
            expectUnloadPage: true,
        },
        {
            content: "The recruit's case is in my network",
            trigger: "tr.o_case_row a:contains(Tour: my order never arrived)",
            run: "click",
            expectUnloadPage: true,
        },
        {
            content: "Its page opens, with the requester's name",
            trigger: ".o_case_requester:contains(Tour Recruit)",
        },
    ],
});
