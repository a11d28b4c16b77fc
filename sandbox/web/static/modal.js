// Modals (the stack Slack keeps per person) and confirm dialogs.
"use strict";

// A Block Kit confirm object as a dialog; resolves true when confirmed.
function confirmDialog(confirm, ctx) {
  const layer = document.getElementById("confirm-layer");
  return new Promise((resolve) => {
    const done = (answer) => { layer.hidden = true; layer.replaceChildren(); resolve(answer); };
    const style = confirm.style === "danger" ? "btn-danger" : "btn-primary";
    layer.replaceChildren(Blocks.el("div", { class: "dialog confirm", role: "alertdialog" },
      Blocks.el("h2", {}, confirm.title ? confirm.title.text : "Are you sure?"),
      Blocks.el("div", { class: "text", html: Blocks.textHtml(confirm.text, ctx) }),
      Blocks.el("div", { class: "dialog-buttons" },
        Blocks.el("button", { type: "button", class: "btn", onclick: () => done(false) },
          confirm.deny ? confirm.deny.text : "Cancel"),
        Blocks.el("button", { type: "button", class: `btn ${style}`, onclick: () => done(true) },
          confirm.confirm ? confirm.confirm.text : "Yes"))));
    layer.hidden = false;
  });
}

// Shows the top of the stack; keeps what was typed while the same view (same hash) stays up.
class ModalLayer {
  constructor(app) {
    this.app = app;
    this.layer = document.getElementById("modal-layer");
    this.shown = null; // "view id:hash"
    this.errors = {};
  }

  render(stack) {
    const top = stack.length ? stack[stack.length - 1] : null;
    const key = top ? `${top.id}:${top.hash}` : null;
    if (key === this.shown) return;
    this.shown = key;
    if (!top) { this.layer.hidden = true; this.layer.replaceChildren(); this.errors = {}; return; }
    if (!this.keepErrors) this.errors = {};
    this.keepErrors = false;
    this.draw(top, stack.length);
  }

  draw(record, depth) {
    const view = record.view;
    const ctx = this.app.blockContext({ kind: "view", view_id: record.id }, true);
    ctx.errors = this.errors;
    const body = Blocks.renderBlocks(view.blocks, ctx);
    this.inputs = ctx.inputs;
    const el = Blocks.el;
    const dialog = el("form", { class: "dialog modal", role: "dialog", "aria-label": view.title.text,
      onsubmit: (event) => { event.preventDefault(); this.submit(record); } },
      el("header", {},
        depth > 1 ? el("button", { type: "button", class: "back", "aria-label": "Back",
          onclick: () => this.close(record) }, "\u2190") : null,
        el("h2", {}, view.title.text),
        el("button", { type: "button", class: "x", "aria-label": "Close",
          onclick: () => this.close(record) }, "\u00D7")),
      el("div", { class: "modal-body" }, body),
      el("footer", {},
        el("button", { type: "button", class: "btn", onclick: () => this.close(record) },
          view.close ? view.close.text : "Cancel"),
        view.submit ? el("button", { type: "submit", class: "btn btn-primary" }, view.submit.text) : null));
    this.layer.replaceChildren(dialog);
    this.layer.hidden = false;
    const first = dialog.querySelector("input, textarea, select");
    if (first) first.focus();
  }

  state() { return Blocks.readState(this.inputs || []); }

  async submit(record) {
    const answer = await this.app.post("submit", { view_id: record.id, state: this.state() });
    if (answer && answer.ok && answer.errors && Object.keys(answer.errors).length) {
      // response_action: errors — the modal stays, each message under its input.
      this.errors = answer.errors;
      this.shown = null;
      this.keepErrors = true;
      const typed = this.state();
      this.draw(record, this.app.state.modals.length);
      this.restore(typed);
      this.shown = `${record.id}:${record.hash}`;
    }
  }

  restore(values) {
    for (const [block, actions] of Object.entries(values)) {
      for (const [action, value] of Object.entries(actions)) {
        const node = this.layer.querySelector(`[data-block="${CSS.escape(block)}"] [data-action="${CSS.escape(action)}"]`);
        const typed = value.value ?? value.selected_date ?? value.selected_time;
        if (node && typed) node.value = typed;
      }
    }
  }

  close(record) { this.app.post("close", { view_id: record.id }); }
}

window.Modals = { confirmDialog, ModalLayer };
