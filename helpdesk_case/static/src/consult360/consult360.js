import { Component, onWillStart, useState } from "@odoo/owl";
import { registry } from "@web/core/registry";
import { useService } from "@web/core/utils/hooks";
import { useSetupAction } from "@web/search/action_hook";
import { standardActionServiceProps } from "@web/webclient/actions/action_service";

/**
 * Consulta 360: one screen per contact, with the sections res.partner._case_360_sections()
 * returns (the core's contact, network and tickets, then whatever the bridges append).
 * Opened with a contact (from a ticket or a contact form) or empty, with a search box.
 */
export class CaseConsult360 extends Component {
    static template = "helpdesk_case.Consult360";
    static props = { ...standardActionServiceProps };

    setup() {
        this.orm = useService("orm");
        this.actionService = useService("action");
        const previous = this.props.state || {};
        this.state = useState({
            query: previous.query || "",
            matches: previous.matches || [],
            searched: previous.searched || false,
            data: null,
        });
        // back from "Open all" (breadcrumbs), the screen shows the same person again
        useSetupAction({
            getLocalState: () => ({
                query: this.state.query,
                matches: this.state.matches,
                searched: this.state.searched,
                partnerId: this.state.data?.partner.id,
            }),
        });
        onWillStart(async () => {
            const action = this.props.action;
            const partnerId =
                previous.partnerId ||
                action.params?.partner_id ||
                action.context?.params?.partner_id;
            if (partnerId) {
                await this.load(partnerId);
            }
        });
    }

    async search(ev) {
        ev.preventDefault();
        const term = this.state.query.trim();
        if (!term) {
            return;
        }
        this.state.matches = await this.orm.call("res.partner", "case_360_search", [term]);
        this.state.searched = true;
        if (this.state.matches.length === 1) {
            await this.load(this.state.matches[0].id);
        } else {
            this.state.data = null;
        }
    }

    async load(partnerId) {
        this.state.data = await this.orm.call("res.partner", "case_360_data", [[partnerId]]);
        this.props.updateActionState({ partner_id: partnerId });
    }

    openLine(line) {
        this.actionService.doAction({
            type: "ir.actions.act_window",
            res_model: line.model,
            res_id: line.id,
            views: [[false, "form"]],
        });
    }

    openAll(section) {
        this.actionService.doAction(section.action);
    }
}

registry.category("actions").add("helpdesk_case.consult360", CaseConsult360);
