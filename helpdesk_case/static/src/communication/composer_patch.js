import { Composer } from "@mail/core/common/composer";
import { ConfirmationDialog } from "@web/core/confirmation_dialog/confirmation_dialog";
import { _t } from "@web/core/l10n/translation";
import { patch } from "@web/core/utils/patch";

const REPLY_WARNING = "odoo.addons.helpdesk_case.models.case_ticket.CaseReplyWarning";

/**
 * A reply to a ticket's requester tells the server which message the chatter showed last; the
 * server refuses it when another agent answered since then, or when it reads as shouting. The
 * agent then confirms, and the same reply goes again, marked as confirmed.
 */
patch(Composer.prototype, {
    get isCaseReply() {
        return (
            this.thread?.model === "case.ticket" &&
            this.props.type !== "note" &&
            !this.props.composer.message
        );
    },

    get extraData() {
        const data = super.extraData;
        const seenMessageId = this.thread?.newestPersistentMessage?.id;
        if (!this.isCaseReply || !seenMessageId) {
            return data;
        }
        const context = {
            ...data?.context,
            case_seen_message_id: seenMessageId,
            case_reply_confirmed: Boolean(this.caseReplyConfirmed),
        };
        return { ...data, context };
    },

    async sendMessage() {
        if (!this.isCaseReply) {
            return super.sendMessage();
        }
        try {
            await super.sendMessage();
        } catch (error) {
            this.state.active = true; // the composer keeps the reply, ready to send again
            if (error.data?.name !== REPLY_WARNING) {
                throw error;
            }
            this.env.services.dialog.add(ConfirmationDialog, {
                title: _t("Send this reply?"),
                body: error.data.message,
                confirmLabel: _t("Send anyway"),
                cancelLabel: _t("Review"),
                confirm: () => this.sendConfirmedReply(),
                cancel: () => {},
            });
        }
    },

    async sendConfirmedReply() {
        this.caseReplyConfirmed = true;
        try {
            await super.sendMessage();
        } catch (error) {
            this.state.active = true;
            throw error;
        } finally {
            this.caseReplyConfirmed = false;
        }
    },
});
