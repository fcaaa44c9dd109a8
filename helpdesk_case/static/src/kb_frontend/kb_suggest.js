/** Knowledge-base suggestions while a customer types a case (portal and public forms). */
// Also in the back-office bundle (static/src/**), where it finds no form and does nothing.
import { rpc } from "@web/core/network/rpc";

const DEBOUNCE_MS = 400;
const MIN_LENGTH = 4;

function setup(panel) {
    const form = panel.closest("form");
    if (!form) {
        return;
    }
    const list = panel.querySelector(".o_case_kb_suggestion_list");
    const origin = panel.dataset.origin || "public";
    const fields = ["subject", "description"].map((name) => form.querySelector(`[name='${name}']`));
    const typification = form.querySelector("[name='typification_id']");
    let timer = null;
    let last = "";

    async function refresh() {
        const text = fields
            .filter(Boolean)
            .map((field) => field.value)
            .join(" ")
            .trim();
        const typificationId = typification ? typification.value : "";
        const key = `${text}|${typificationId}`;
        if (key === last) {
            return;
        }
        last = key;
        if (text.length < MIN_LENGTH && !typificationId) {
            panel.classList.add("d-none");
            return;
        }
        const articles = await rpc("/support/kb/suggest", {
            text,
            typification_id: typificationId || null,
        });
        list.replaceChildren();
        for (const article of articles) {
            const item = document.createElement("li");
            item.className = "mb-2 o_case_kb_suggestion";
            const link = document.createElement("a");
            link.href = article.url;
            link.target = "_blank";
            link.rel = "noopener";
            link.textContent = article.name;
            link.addEventListener("click", async () => {
                await rpc(`/support/kb/${article.id}/opened`, { origin });
                link.classList.add("o_case_kb_opened");
            });
            item.append(link);
            if (article.snippet) {
                const snippet = document.createElement("div");
                snippet.className = "small text-muted";
                // the server escapes the article's text and adds <mark> only
                snippet.innerHTML = article.snippet;
                item.append(snippet);
            }
            list.append(item);
        }
        panel.classList.toggle("d-none", !articles.length);
    }

    function schedule() {
        clearTimeout(timer);
        timer = setTimeout(refresh, DEBOUNCE_MS);
    }

    for (const field of fields.filter(Boolean)) {
        field.addEventListener("input", schedule);
    }
    if (typification) {
        typification.addEventListener("change", schedule);
    }
}

function start() {
    document.querySelectorAll(".o_case_kb_suggestions").forEach(setup);
}

if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
} else {
    start();
}
