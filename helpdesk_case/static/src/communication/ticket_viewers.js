import { Component, onWillUnmount, useEffect, useState } from "@odoo/owl";
import { browser } from "@web/core/browser/browser";
import { _t } from "@web/core/l10n/translation";
import { registry } from "@web/core/registry";
import { user } from "@web/core/user";
import { useService } from "@web/core/utils/hooks";
import { standardWidgetProps } from "@web/views/widgets/standard_widget_props";

// Same rhythm as VIEWER_HEARTBEAT in models/case_ticket_viewer.py.
const HEARTBEAT_MS = 30000;
const NOTIFICATION = "helpdesk_case/ticket_viewers";

/**
 * "X is also viewing this ticket": the form registers its agent as a viewer while it is open
 * (a ping every HEARTBEAT_MS), and the bus tells it at once when another agent opens or leaves
 * the same ticket.
 */
export class CaseTicketViewers extends Component {
    static template = "helpdesk_case.TicketViewers";
    static props = { ...standardWidgetProps };

    setup() {
        this.orm = useService("orm");
        this.busService = useService("bus_service");
        this.state = useState({ viewers: [] });
        this.onNotification = ({ ticket_id, viewers }) => {
            if (ticket_id === this.ticketId) {
                this.state.viewers = viewers.filter((viewer) => viewer.id !== user.userId);
            }
        };
        this.busService.subscribe(NOTIFICATION, this.onNotification);
        onWillUnmount(() => this.busService.unsubscribe(NOTIFICATION, this.onNotification));
        useEffect(
            (ticketId) => {
                if (!ticketId) {
                    return;
                }
                this.join(ticketId);
                const channel = `helpdesk_case.ticket_viewers_${ticketId}`;
                this.busService.addChannel(channel);
                const interval = browser.setInterval(() => this.join(ticketId), HEARTBEAT_MS);
                return () => {
                    browser.clearInterval(interval);
                    this.busService.deleteChannel(channel);
                    this.orm.silent.call("case.ticket.viewer", "leave_ticket", [ticketId]);
                    this.state.viewers = [];
                };
            },
            () => [this.props.record.resId]
        );
    }

    get ticketId() {
        return this.props.record.resId;
    }

    async join(ticketId) {
        const viewers = await this.orm.silent.call("case.ticket.viewer", "join_ticket", [ticketId]);
        if (ticketId === this.ticketId) {
            this.state.viewers = viewers;
        }
    }

    get message() {
        const names = this.state.viewers.map((viewer) => viewer.name).join(", ");
        return this.state.viewers.length > 1
            ? _t("%(names)s are also viewing this ticket.", { names })
            : _t("%(names)s is also viewing this ticket.", { names });
    }
}

registry.category("view_widgets").add("case_ticket_viewers", { component: CaseTicketViewers });
