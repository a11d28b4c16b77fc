// The sandbox workspace: sidebar, conversation, thread, composer, personas, clock.
// Everything a person does goes to /ui/… on this machine, which sends the bot the request
// Slack would send; the page follows the stand-in's changes with a long poll.
"use strict";


class App {
  constructor() {
    this.state = null;
    this.version = -1;
    this.me = decodeURIComponent(location.hash.slice(1)) || "UPOC";
    this.where = { kind: "channel", id: "CSANDBOX" };
    this.thread = null; // {channel, ts}
    this.bootNow = null; // the sandbox's time when the page loaded: older ephemerals are gone
    this.seen = JSON.parse(localStorage.getItem("sandbox-seen") || "{}"); // "me channel" -> ts
    this.modals = new Modals.ModalLayer(this);
    this.composer = new Composer(this, document.getElementById("composer"), () => null);
    this.threadComposer = new Composer(this, document.getElementById("thread-composer"),
      () => this.thread && this.thread.ts);
    document.getElementById("persona").addEventListener("change", (e) => this.become(e.target.value));
    document.getElementById("thread-close").addEventListener("click", () => { this.thread = null; this.render(); });
    document.getElementById("add-person").addEventListener("click", () => this.addPerson());
    document.getElementById("reset").addEventListener("click", () => this.reset());
    new ClockPanel(this);
    document.body.addEventListener("click", (event) => this.followArchiveLink(event));
  }

  async start() {
    for (;;) {
      try {
        const reply = await fetch(`/ui/state?user=${encodeURIComponent(this.me)}&since=${this.version}`);
        const data = await reply.json();
        offline(false);
        if (data.me === this.me || this.version < 0) this.apply(data);
      } catch (error) {
        offline(true);
        await new Promise((done) => setTimeout(done, 1000)); // the sandbox restarts: try again
      }
    }
  }

  async post(name, body) {
    let answer;
    try {
      const reply = await fetch(`/ui/${name}?user=${encodeURIComponent(this.me)}`, {
        method: "POST", headers: { "Content-Type": "application/json" }, body: JSON.stringify(body || {}),
      });
      answer = await reply.json();
      offline(false);
    } catch (error) {
      offline(true);
      answer = { ok: false, error: "The sandbox cannot be reached, so nothing was sent. What you typed is kept." };
    }
    if (!answer.ok) toast(answer.error);
    if (answer.state) this.apply(answer.state);
    return answer;
  }

  apply(state) {
    // Answers may arrive out of order (a long poll and a click): never go back to an older one.
    if (this.state && state.me === this.state.me && state.version < this.version) return;
    this.state = state;
    this.version = state.version;
    this.me = state.me;
    if (this.bootNow === null) this.bootNow = Date.parse(state.now) / 1000;
    this.followNewWalk();
    this.render();
  }

  become(user) {
    this.me = user;
    location.hash = user;
    this.thread = null;
    this.version = -1;
    this.where = { kind: "channel", id: "CSANDBOX" };
    fetch(`/ui/state?user=${encodeURIComponent(user)}&since=-1`).then((r) => r.json()).then((s) => this.apply(s));
  }

  names() {
    const names = { [this.state.bot]: "Assessment bot" };
    this.state.people.forEach((p) => { names[p.id] = p.name; });
    return names;
  }

  person() { return this.state.people.find((p) => p.id === this.me) || { tz: "UTC", name: this.me }; }

  blockContext(where, inView) {
    const channelNames = {};
    this.state.channels.forEach((c) => { channelNames[c.id] = c.name; });
    return {
      names: this.names(), channelNames, tz: this.person().tz, people: this.state.people,
      conversations: this.state.channels.filter((c) => c.kind === "channel"), inputs: [],
      onAction: async (action, confirm) => {
        if (confirm && !(await Modals.confirmDialog(confirm, this.blockContext(where)))) return;
        const place = where.kind === "view" && inView ? { ...where, state: this.modals.state() } : where;
        this.post("act", { action, where: place });
      },
    };
  }

  // A walk's questions go into a thread: after /assess, open the thread the bot just
  // answered in, as a person would click "1 reply".
  followNewWalk() {
    if (this.expectThread === undefined || this.where.kind !== "channel") return;
    const fresh = (this.state.messages[this.where.id] || []).filter((m) => m.user === this.state.bot
      && m.reply_count && Number(m.latest_reply) >= this.expectThread);
    if (!fresh.length) return;
    const newest = fresh.sort((a, b) => Number(a.latest_reply) - Number(b.latest_reply)).pop();
    this.thread = { channel: this.where.id, ts: newest.ts };
    this.expectThread = undefined;
  }

  followArchiveLink(event) {
    const link = event.target.closest("a.archive-link");
    if (!link) return;
    event.preventDefault();
    this.where = { kind: "channel", id: link.dataset.channel };
    this.thread = { channel: link.dataset.channel, ts: link.dataset.ts };
    this.render();
  }

  open(where) {
    this.where = where;
    this.thread = null;
    if (where.kind === "home") this.post("home");
    this.render();
  }

  addPerson() {
    const layer = document.getElementById("confirm-layer");
    const name = Blocks.el("input", { class: "text-input", id: "new-person-name", required: true, maxlength: 60 });
    const tz = Blocks.el("input", { class: "text-input", id: "new-person-tz", value: "America/Chicago" });
    const close = () => { layer.hidden = true; layer.replaceChildren(); };
    layer.replaceChildren(Blocks.el("form", { class: "dialog confirm", "aria-label": "Add a person",
      onsubmit: async (event) => {
        event.preventDefault();
        const answer = await this.post("people", { name: name.value, tz: tz.value });
        if (answer.ok) {
          close();
          toast(`${name.value} joined the workspace. You are still ${this.person().name}: choose them under “You are” to act as them.`);
        }
      } },
      Blocks.el("h2", {}, "Add a person"),
      Blocks.el("p", { class: "hint" }, "A new member of the Slack workspace, not in the assessment yet: invite them, or name them a state's point of contact."),
      Blocks.el("label", { class: "input-label", for: "new-person-name" }, "Name"), name,
      Blocks.el("label", { class: "input-label", for: "new-person-tz" }, "Time zone"), tz,
      Blocks.el("div", { class: "dialog-buttons" },
        Blocks.el("button", { type: "button", class: "btn", onclick: close }, "Cancel"),
        Blocks.el("button", { type: "submit", class: "btn btn-primary" }, "Add"))));
    layer.hidden = false;
    name.focus();
  }

  async reset() {
    if (!(await Modals.confirmDialog({ title: { text: "Reset the sandbox?" },
      text: { type: "plain_text", text: "Every answer, message and person added is deleted; the demo workspace starts over." },
      confirm: { text: "Reset" }, deny: { text: "Keep" }, style: "danger" }, {}))) return;
    this.thread = null;
    this.where = { kind: "channel", id: "CSANDBOX" };
    await this.post("reset");
  }

  // Messages from others since this person last looked at the conversation (or since the page
  // loaded, for a conversation they have not opened yet), as Slack's sidebar counts them.
  unread(channel) {
    const since = this.seen[`${this.me} ${channel}`] ?? this.bootNow;
    return (this.state.messages[channel] || []).filter((m) => m.user !== this.me && Number(m.ts) > since).length;
  }

  markSeen() {
    if (this.where.kind !== "channel") return;
    const all = this.state.messages[this.where.id] || [];
    const latest = all.reduce((most, m) => Math.max(most, Number(m.ts)), this.bootNow);
    const key = `${this.me} ${this.where.id}`;
    if ((this.seen[key] ?? -1) >= latest) return;
    this.seen[key] = latest;
    localStorage.setItem("sandbox-seen", JSON.stringify(this.seen));
  }

  // Ephemeral messages last as long as the page: Slack drops them on a reload.
  ephemerals() {
    return this.state.ephemerals.filter((e) => Number(e.ts) >= this.bootNow);
  }

  render() {
    if (!this.state) return;
    renderMain(this);
    this.markSeen();
    renderSidebar(this);
    renderThread(this);
    this.modals.render(this.state.modals);
    document.getElementById("now").textContent = clockLabel(this.state.now);
  }
}

function toast(text) {
  const node = document.getElementById("toast");
  node.textContent = text;
  node.hidden = false;
  clearTimeout(toast.timer);
  toast.timer = setTimeout(() => { node.hidden = true; }, 6000);
}

function offline(down) {
  document.getElementById("offline").hidden = !down;
}

function clockLabel(iso) {
  const when = new Date(iso);
  return new Intl.DateTimeFormat("en-US", { timeZone: "UTC", weekday: "short", month: "short",
    day: "numeric", year: "numeric", hour: "2-digit", minute: "2-digit", hour12: false }).format(when) + " UTC";
}

window.addEventListener("DOMContentLoaded", () => {
  window.app = new App();
  window.app.start();
});
