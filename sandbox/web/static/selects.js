// Select menus of Block Kit: static, users and conversations, single and multi. Loaded before
// blocks.js, whose element table names them.
"use strict";

function optionsOf(e) {
  return e.option_groups ? e.option_groups.flatMap((g) => g.options) : (e.options || []);
}

function selectNode(e, ctx, fire, choices, multi, initial) {
  const select = el("select", { class: "select", multiple: multi, "data-action": e.action_id });
  if (!multi) select.append(el("option", { value: "" }, e.placeholder ? e.placeholder.text : "Select…"));
  const add = (parent, value, label) => parent.append(
    el("option", { value, selected: initial.includes(value) }, label));
  if (e.option_groups) {
    for (const group of e.option_groups) {
      const node = el("optgroup", { label: group.label.text });
      group.options.forEach((o) => add(node, o.value, o.text.text));
      select.append(node);
    }
  } else {
    choices.forEach(([value, label]) => add(select, value, label));
  }
  const chosen = () => [...select.selectedOptions].map((o) => o.value).filter((v) => v);
  select.readState = () => chosen();
  if (!ctx.asInput) select.addEventListener("change", () => fire({ chosen: chosen() }));
  return select;
}

function staticSelect(multi) {
  return (e, ctx, fire) => {
    const options = optionsOf(e);
    const initial = multi ? (e.initial_options || []).map((o) => o.value)
      : (e.initial_option ? [e.initial_option.value] : []);
    const node = selectNode(e, ctx, (x) => {
      const picked = options.filter((o) => x.chosen.includes(o.value));
      fire(multi ? { selected_options: picked } : { selected_option: picked[0] || null });
    }, options.map((o) => [o.value, o.text.text]), multi, initial);
    const read = node.readState;
    node.readState = () => {
      const picked = options.filter((o) => read().includes(o.value));
      return multi ? { type: e.type, selected_options: picked }
        : { type: e.type, selected_option: picked[0] || null };
    };
    return node;
  };
}

function userSelect(multi) {
  return (e, ctx, fire) => {
    const initial = multi ? (e.initial_users || []) : (e.initial_user ? [e.initial_user] : []);
    const choices = ctx.people.map((p) => [p.id, p.name]);
    const node = selectNode(e, ctx, (x) => fire(multi ? { selected_users: x.chosen }
      : { selected_user: x.chosen[0] || null }), choices, multi, initial);
    const read = node.readState;
    node.readState = () => multi ? { type: e.type, selected_users: read() }
      : { type: e.type, selected_user: read()[0] || null };
    return node;
  };
}

function conversationSelect(multi, key) {
  return (e, ctx, fire) => {
    const initial = [].concat(e[`initial_${key}`] || []);
    const choices = ctx.conversations.map((c) => [c.id, `#${c.name}`]);
    const field = multi ? `selected_${key}s` : `selected_${key}`;
    const node = selectNode(e, ctx, (x) => fire({ [field]: multi ? x.chosen : x.chosen[0] }),
      choices, multi, initial);
    const read = node.readState;
    node.readState = () => ({ type: e.type, [field]: multi ? read() : read()[0] || null });
    return node;
  };
}
