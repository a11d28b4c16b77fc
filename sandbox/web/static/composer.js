// The message composer (with /assess completion) and the clock panel.
"use strict";

class Composer {
  constructor(app, form, threadTs) {
    this.app = app;
    this.form = form;
    this.threadTs = threadTs;
    this.text = form.querySelector("textarea");
    this.list = form.querySelector(".suggest");
    this.channel = null;
    this.picked = 0;
    form.addEventListener("submit", (e) => { e.preventDefault(); this.send(); });
    this.text.addEventListener("input", () => this.suggest());
    this.text.addEventListener("keydown", (e) => this.key(e));
  }

  setChannel(channel) {
    this.channel = channel;
    const name = channel.kind === "app" ? "Assessment bot" : channel.name ? `#${channel.name}` : "the thread";
    this.text.placeholder = this.threadTs() ? "Reply…" : `Message ${name} — or type /assess`;
  }

  options() {
    const typed = this.text.value;
    if (!typed.startsWith("/") || typed.includes("\n")) return [];
    const all = ["/assess", ...this.app.state.completions.map((c) => `/assess ${c}`)];
    return all.filter((o) => o.startsWith(typed) && o !== typed).slice(0, 12);
  }

  suggest() {
    const options = this.options();
    this.picked = Math.min(this.picked, Math.max(options.length - 1, 0));
    this.list.replaceChildren(...options.map((o, i) => Blocks.el("li", {
      class: i === this.picked ? "picked" : "", onmousedown: (e) => { e.preventDefault(); this.take(o); },
    }, o)));
    this.list.hidden = !options.length;
  }

  take(option) {
    this.text.value = option + " ";
    this.text.focus();
    this.suggest();
  }

  key(event) {
    const options = this.options();
    if (options.length && (event.key === "Tab" || event.key === "ArrowDown" || event.key === "ArrowUp")) {
      event.preventDefault();
      if (event.key === "Tab") { this.take(options[this.picked] || options[0]); return; }
      this.picked = (this.picked + (event.key === "ArrowDown" ? 1 : options.length - 1)) % options.length;
      this.suggest();
      return;
    }
    if (event.key === "Enter" && !event.shiftKey) {
      event.preventDefault();
      this.send();
    }
  }

  async send() {
    const text = this.text.value.trim();
    if (!text || !this.channel) return;
    this.text.disabled = true;
    if (text.startsWith("/assess") && !this.threadTs()) {
      this.app.expectThread = new Date(this.app.state.now).getTime() / 1000 - 1;
    }
    try {
      // What was typed stays in the box until the sandbox took it: a refused command or an
      // unreachable sandbox loses nothing.
      const answer = await this.app.post("send", { channel: this.channel.id, text, thread_ts: this.threadTs() });
      if (answer.ok && this.text.value.trim() === text) {
        this.text.value = "";
        this.suggest();
      }
    } finally {
      this.text.disabled = false;
      this.text.focus();
    }
  }
}

class ClockPanel {
  constructor(app) {
    this.app = app;
    this.input = document.getElementById("advance-to");
    document.getElementById("advance").addEventListener("click", () => this.to(this.input.value + "Z"));
    document.getElementById("next-day").addEventListener("click", () => this.to(this.nextDay(1)));
    document.getElementById("next-monday").addEventListener("click", () => this.to(this.nextMonday()));
    document.getElementById("next-digest").addEventListener("click", () => this.to("next-digest"));
  }

  now() { return new Date(this.app.state.now); }

  // 16:00 UTC: 09:00 or 10:00 in Texas, after the Committee's 09:00 status post in New York.
  at16(day) { day.setUTCHours(16, 0, 0, 0); return day.toISOString(); }

  nextDay(days) { const d = this.now(); d.setUTCDate(d.getUTCDate() + days); return this.at16(d); }

  nextMonday() {
    const d = this.now();
    d.setUTCDate(d.getUTCDate() + (((8 - d.getUTCDay()) % 7) || 7));
    return this.at16(d);
  }

  async to(when) {
    const answer = await this.app.post("advance", { to: when });
    if (answer.ok) {
      const ran = answer.ran.length ? answer.ran.join(", ") : "no job was due";
      toast(`Clock moved to ${clockLabel(answer.state.now)}: ${ran}.`);
    }
  }
}
