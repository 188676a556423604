// The DM's page: plain JavaScript, no framework, no build step. It talks to the API of the host that serves it.
import { drawHitPointChart } from './chart.js';

const DAMAGE_TYPES = ['acid', 'bludgeoning', 'cold', 'fire', 'force', 'lightning', 'necrotic', 'piercing', 'poison',
  'psychic', 'radiant', 'slashing', 'thunder'];
const KEY_STORAGE = 'hexagonal.apiKey';

const $ = (selector, root = document) => root.querySelector(selector);
const $$ = (selector, root = document) => [...root.querySelectorAll(selector)];

const state = {
  key: sessionStorage.getItem(KEY_STORAGE) ?? '',
  session: null, // what GET /session said about the key
  characters: new Map(), // id -> the character view, as last read
  selected: null,
  encounter: null, // the open encounter, as last read
  encounterTag: null, // its ETag from that read (If-None-Match for the 2 s check)
};

// An Idempotency-Key: random, made when a form opens. getRandomValues works on plain http too (a LAN address).
function newKey() {
  if (globalThis.crypto?.randomUUID) return crypto.randomUUID();
  const b = crypto.getRandomValues(new Uint8Array(16));
  b[6] = (b[6] & 0x0f) | 0x40;
  b[8] = (b[8] & 0x3f) | 0x80;
  const h = [...b].map((x) => x.toString(16).padStart(2, '0')).join('');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
}

// One request. Never throws: a network failure is { network: true }.
async function send(method, path, { body, ifMatch, idempotencyKey } = {}) {
  const headers = { Accept: 'application/json' };
  if (body !== undefined) headers['Content-Type'] = 'application/json';
  if (state.key) headers['X-Api-Key'] = state.key;
  if (idempotencyKey) headers['Idempotency-Key'] = idempotencyKey;
  if (ifMatch !== undefined && ifMatch !== null) headers['If-Match'] = `"${ifMatch}"`;
  let response;
  try {
    response = await fetch(path, { method, headers, body: body === undefined ? undefined : JSON.stringify(body), cache: 'no-store' });
  } catch {
    return { ok: false, network: true, status: 0, data: null };
  }
  const text = await response.text();
  let data = null;
  if (text) {
    try { data = JSON.parse(text); } catch { data = null; }
  }
  return { ok: response.ok, status: response.status, data, headers: response.headers };
}

const get = (path) => send('GET', path);

// ---------------------------------------------------------------- the API key and what it may do

// Each form's operation id, as GET /session names the DM-only ones.
const OPERATIONS = {
  create: 'CreateCharacter',
  damage: 'DealDamage',
  healing: 'Heal',
  'temporary-hit-points': 'GrantTemporaryHitPoints',
  'death-saves': 'RecordDeathSave',
  stabilizations: 'Stabilize',
  'short-rests': 'SpendHitDice',
  'long-rests': 'TakeLongRest',
  'level-ups': 'GainLevel',
  'start-encounter': 'StartEncounter',
  initiative: 'RecordInitiative',
  'next-turn': 'NextTurn',
  'area-damage': 'DealAreaDamage',
};

function setMode() {
  const session = state.session;
  const role = state.key && session ? session.role : 'anonymous';
  const writes = role === 'dm' || role === 'player';
  document.body.classList.toggle('read-only', !writes);
  document.body.dataset.role = role;
  $('#mode').textContent = {
    dm: 'DM: actions are on.',
    player: `Player${session?.name ? ` ${session.name}` : ''}: actions on your own characters are on.`,
    reader: "Reader key: read-only, the players' screen.",
  }[role] ?? "Read-only: the players' screen.";
  $('#forget-key').hidden = !state.key;
  applyScope();
}

// Hides what this key may not do: the DM's operations from a player, and other players' characters.
function applyScope() {
  const session = state.session;
  const role = state.key && session ? session.role : 'anonymous';
  const granted = session?.grants?.character ?? [];
  // The encounter's forms are the DM's alone (class dm-only); their visibility otherwise follows the fight.
  for (const form of $$('form[data-action]')) {
    if (form.closest('.dm-only')) continue;
    const operation = OPERATIONS[form.dataset.action];
    let allowed = role === 'dm';
    if (role === 'player') {
      const onCharacter = form.dataset.action === 'create' || form.dataset.scope === 'encounter'
        || form.dataset.action === 'start-encounter' || granted.includes(state.selected);
      allowed = !(session.dmOnlyOperations ?? []).includes(operation) && onCharacter;
    }
    form.hidden = !allowed;
  }
}

async function useKey(event) {
  event.preventDefault();
  const input = $('#api-key');
  const key = input.value.trim();
  const error = $('#key-error');
  error.textContent = '';
  input.removeAttribute('aria-invalid');
  if (!key) {
    error.textContent = 'Type the API key first.';
    input.setAttribute('aria-invalid', 'true');
    input.focus();
    return;
  }
  const verdict = await readSession(key);
  if (typeof verdict === 'string') {
    error.textContent = verdict;
    input.setAttribute('aria-invalid', 'true');
    input.focus();
    return;
  }
  state.key = key;
  state.session = verdict;
  sessionStorage.setItem(KEY_STORAGE, key);
  input.value = '';
  setMode();
  openForms();
  announce(`API key accepted: ${$('#mode').textContent}`);
}

// GET /session says what a key may do (docs/security.md); a key it does not know is refused with 401 or 403.
async function readSession(key) {
  const saved = state.key;
  state.key = key;
  const result = await get('session');
  state.key = saved;
  if (result.network) return 'The server did not answer; try again.';
  if (result.status === 401 || result.status === 403) return 'This key is not accepted.';
  if (result.status === 429) return 'Too many requests; wait a few seconds and try again.';
  if (!result.ok) return problemText(result);
  return result.data;
}

function forgetKey() {
  state.key = '';
  state.session = null;
  sessionStorage.removeItem(KEY_STORAGE);
  setMode();
  announce("Key forgotten: read-only, the players' screen.");
  $('#api-key').focus();
}

// ---------------------------------------------------------------- the party board

async function loadBoard() {
  const ids = [];
  let cursor = null;
  do {
    const page = await get(`characters?pageSize=200${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`);
    if (!page.ok) {
      $('#live-status').textContent = page.network ? 'The server did not answer.' : problemText(page);
      return;
    }
    ids.push(...page.data.characters.map((c) => c.characterId));
    cursor = page.data.nextCursor;
  } while (cursor);
  await Promise.all(ids.map((id) => refreshCharacter(id, { quiet: true })));
  renderBoard();
}

async function refreshCharacter(id, { quiet = false } = {}) {
  const result = await get(`characters/${encodeURIComponent(id)}`);
  if (!result.ok) return null;
  // A read that crossed a newer live update must not take the screen back.
  const known = state.characters.get(id);
  if (known && known.version > result.data.version) return known;
  state.characters.set(id, result.data);
  if (!quiet) {
    renderBoard();
    if (state.selected === id) renderSelected();
  }
  return result.data;
}

function renderBoard() {
  const board = $('#board');
  const characters = [...state.characters.values()].sort((a, b) => a.name.localeCompare(b.name) || a.characterId.localeCompare(b.characterId));
  $('#board-empty').hidden = characters.length > 0;
  const existing = new Map($$('li.card', board).map((li) => [li.dataset.characterId, li]));
  for (const c of characters) {
    let card = existing.get(c.characterId);
    if (!card) card = createCard(c);
    existing.delete(c.characterId);
    fillCard(card, c);
    board.append(card); // keeps the sorted order
  }
  for (const stale of existing.values()) stale.remove();
  renderEncounterChoices(characters);
}

function createCard(c) {
  const li = document.createElement('li');
  li.className = 'card';
  li.dataset.characterId = c.characterId;
  li.innerHTML = `
    <h3><button type="button" class="open link" aria-controls="character"></button></h3>
    <p class="hp-text"></p>
    <div class="bar" aria-hidden="true"><div class="bar-hp"></div><div class="bar-temp"></div></div>
    <p class="condition"></p>
    <p class="death-saves"><span class="visually-hidden death-saves-text"></span><span class="pips" aria-hidden="true"></span></p>
    <p class="defenses"></p>`;
  $('.open', li).addEventListener('click', () => select(c.characterId));
  return li;
}

function fillCard(li, c) {
  li.dataset.characterName = c.name;
  li.dataset.version = c.version;
  li.dataset.condition = c.condition;
  const open = $('.open', li);
  open.textContent = c.name;
  open.setAttribute('aria-label', `Open ${c.name}`);
  open.setAttribute('aria-expanded', String(state.selected === c.characterId));
  $('.hp-text', li).textContent = `${c.currentHitPoints} / ${c.maximumHitPoints}` + (c.temporaryHitPoints > 0 ? ` + ${c.temporaryHitPoints} temp` : '');
  $('.hp-text', li).setAttribute('aria-label',
    `${c.currentHitPoints} of ${c.maximumHitPoints} hit points` + (c.temporaryHitPoints > 0 ? `, plus ${c.temporaryHitPoints} temporary` : ''));
  // The bar's scale holds the maximum and the temporary hit points on top of the current ones.
  const scale = Math.max(c.maximumHitPoints, c.currentHitPoints + c.temporaryHitPoints, 1);
  const hp = $('.bar-hp', li);
  hp.style.width = `${(100 * c.currentHitPoints) / scale}%`;
  hp.classList.toggle('low', c.currentHitPoints * 2 <= c.maximumHitPoints);
  const temp = $('.bar-temp', li);
  temp.style.left = `${(100 * c.currentHitPoints) / scale}%`;
  temp.style.width = `${(100 * c.temporaryHitPoints) / scale}%`;
  const condition = $('.condition', li);
  condition.textContent = c.condition;
  condition.className = `condition ${c.condition}`;
  $('.death-saves-text', li).textContent =
    `Death saves: ${c.deathSaveSuccesses} ${c.deathSaveSuccesses === 1 ? 'success' : 'successes'}, ${c.deathSaveFailures} ${c.deathSaveFailures === 1 ? 'failure' : 'failures'}`;
  const pips = $('.pips', li);
  pips.replaceChildren(mark('saved'), ...pipRow('success', c.deathSaveSuccesses), mark('failed'), ...pipRow('failure', c.deathSaveFailures));
  const defenses = [
    c.resistances.length ? `resists ${c.resistances.join(', ')}` : '',
    c.vulnerabilities.length ? `vulnerable to ${c.vulnerabilities.join(', ')}` : '',
    c.immunities.length ? `immune to ${c.immunities.join(', ')}` : '',
  ].filter(Boolean);
  $('.defenses', li).textContent = defenses.length ? defenses.join('; ') : 'no resistances';
}

function mark(text) {
  const span = document.createElement('span');
  span.className = 'pip-label';
  span.textContent = text;
  return span;
}

function pipRow(kind, count) {
  return [0, 1, 2].map((i) => {
    const pip = document.createElement('span');
    pip.className = `pip ${kind}${i < count ? ' filled' : ''}`;
    pip.title = kind;
    return pip;
  });
}

// ---------------------------------------------------------------- one character: summary, actions, history, chart

async function select(id) {
  state.selected = id;
  const section = $('#character');
  section.hidden = false;
  $('#character-message').textContent = '';
  await refreshCharacter(id, { quiet: true });
  renderBoard();
  renderSelected();
  applyScope();
  openForms();
  $('#character-title').focus();
}

function renderSelected() {
  const c = state.characters.get(state.selected);
  if (!c) return;
  $('#character-title').textContent = c.name;
  $('#character').dataset.characterId = c.characterId;
  $('#character').dataset.version = c.version;
  $('#character-summary').textContent =
    `${c.currentHitPoints} / ${c.maximumHitPoints} HP` + (c.temporaryHitPoints ? `, ${c.temporaryHitPoints} temporary` : '') +
    `; ${c.condition}; level ${c.level}; Hit Dice left ${c.hitDiceLeft}; version ${c.version}`;
  loadHistory(c.characterId);
}

async function loadHistory(id) {
  const [history, timeline] = await Promise.all([
    get(`characters/${encodeURIComponent(id)}/history?pageSize=500`),
    get(`characters/${encodeURIComponent(id)}/hit-point-timeline`),
  ]);
  if (state.selected !== id) return;
  const after = new Map((timeline.ok ? timeline.data.points : []).map((p) => [p.version, p]));
  const body = $('#history tbody');
  body.replaceChildren(...(history.ok ? history.data.events : []).map((e) => {
    const tr = document.createElement('tr');
    const point = after.get(e.version);
    const hp = point ? `${point.currentHitPoints} / ${point.maximumHitPoints}` + (point.temporaryHitPoints ? ` + ${point.temporaryHitPoints}` : '') : '';
    for (const text of [String(e.version), new Date(e.timestamp).toLocaleTimeString(), e.description, hp]) {
      const td = document.createElement('td');
      td.textContent = text;
      tr.append(td);
    }
    return tr;
  }));
  const name = state.characters.get(id)?.name ?? 'the character';
  drawHitPointChart($('#chart'), timeline.ok ? timeline.data.points : [], name);
}

// ---------------------------------------------------------------- the encounter

function renderEncounterChoices(characters) {
  const box = $('#start-encounter-form .encounter-characters');
  const checked = new Set($$('input:checked', box).map((c) => c.value));
  box.replaceChildren(...characters.map((c) => choice('characterId', c.characterId, c.name, `encounter-character-${c.characterId}`, checked.has(c.characterId))));
}

function choice(name, value, label, id, checked = false, extra = {}) {
  const wrapper = document.createElement('div');
  wrapper.className = 'field inline';
  const input = document.createElement('input');
  Object.assign(input, { type: 'checkbox', name, value, id, checked });
  for (const [k, v] of Object.entries(extra)) input.dataset[k] = v;
  const l = document.createElement('label');
  l.htmlFor = id;
  l.textContent = label;
  wrapper.append(input, l);
  return wrapper;
}

async function loadEncounter(id, { withCharacters = false } = {}) {
  const result = await get(`encounters/${encodeURIComponent(id)}`);
  if (!result.ok) {
    $('#encounter-none').textContent = result.status === 404 ? 'That encounter was not found.' : problemText(result);
    return;
  }
  const previous = state.encounter;
  state.encounter = result.data;
  state.encounterTag = result.headers?.get('ETag') ?? null;
  const characters = result.data.combatants.filter((c) => c.kind === 'character');
  if (withCharacters || !previous) {
    await Promise.all(characters.map((c) => refreshCharacter(c.combatantId, { quiet: true })));
    renderBoard();
    if (state.selected) renderSelected();
  }
  renderEncounter();
  loadCombatLog();
}

function renderEncounter() {
  const e = state.encounter;
  if (!e) return;
  $('#encounter-none').hidden = true;
  if ($('#encounter').hidden) $('#start-encounter').open = false; // the fight takes the space; the form stays one click away
  $('#encounter').hidden = false;
  $('#encounter').dataset.version = e.version;
  $('#encounter-title').textContent = `Encounter: ${e.name}`;
  const acting = e.combatants.find((c) => c.acting);
  $('#encounter-summary').textContent = e.ended ? `Ended after round ${e.round}.`
    : e.round > 0 ? `Round ${e.round}. ${acting ? `${acting.name}'s turn.` : ''}` : 'Not started: record initiative, then press Next turn.';

  $('#initiative').replaceChildren(...e.combatants.map((c) => {
    const li = document.createElement('li');
    li.dataset.combatantId = c.combatantId;
    li.className = c.acting ? 'acting' : '';
    if (c.acting) li.setAttribute('aria-current', 'step');
    const character = c.kind === 'character' ? state.characters.get(c.combatantId) : null;
    const hp = character ? ` ${character.currentHitPoints} / ${character.maximumHitPoints}${character.temporaryHitPoints ? ` + ${character.temporaryHitPoints} temp` : ''}, ${character.condition}` : '';
    li.textContent = `${c.name} (${c.initiative ?? 'no initiative yet'})${hp}${c.acting ? ': acting now' : ''}`;
    return li;
  }));

  // The forms' lists are rebuilt only when the combatants change, so that what the DM typed survives a live update.
  const roster = e.combatants.map((c) => `${c.combatantId}:${c.initiative ?? ''}`).join('|');
  const initiativeForm = $('#initiative-form');
  if (initiativeForm.dataset.roster !== roster) {
    initiativeForm.dataset.roster = roster;
    const missing = e.combatants.filter((c) => c.initiative === null || c.initiative === undefined);
    initiativeForm.hidden = missing.length === 0;
    $('.initiative-rolls', initiativeForm).replaceChildren(...missing.map((c, i) => {
      const wrapper = document.createElement('div');
      wrapper.className = 'field';
      wrapper.dataset.field = `rolls[${i}].total`;
      const id = `initiative-${c.combatantId}`;
      wrapper.innerHTML = `<label for="${id}"></label><input id="${id}" type="number" inputmode="numeric">`;
      $('label', wrapper).textContent = `Initiative of ${c.name}`;
      $('input', wrapper).dataset.combatantId = c.combatantId;
      return wrapper;
    }));
  }
  const areaForm = $('#area-damage-form');
  const characters = e.combatants.filter((c) => c.kind === 'character');
  const targets = characters.map((c) => c.combatantId).join('|');
  if (areaForm.dataset.targets !== targets) {
    areaForm.dataset.targets = targets;
    $('.area-targets', areaForm).replaceChildren(...characters.flatMap((c) => {
      const row = document.createElement('div');
      row.className = 'target';
      row.append(
        choice('target', c.combatantId, `Hit ${c.name}`, `area-target-${c.combatantId}`),
        choice('saved', c.combatantId, `${c.name} saved`, `area-saved-${c.combatantId}`, false, { for: c.combatantId }));
      return [row];
    }));
  }
}

// The combat log from GET /encounters/{id}/log (the encounter's events and its characters' events while they fought,
// oldest first, paged), shown newest first.
async function loadCombatLog() {
  const e = state.encounter;
  const entries = [];
  let cursor = null;
  do {
    const page = await get(`encounters/${encodeURIComponent(e.encounterId)}/log?pageSize=500${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`);
    if (!page.ok) break;
    entries.push(...page.data.events);
    cursor = page.data.nextCursor;
  } while (cursor);
  if (state.encounter !== e) return;
  $('#combat-log').replaceChildren(...entries.reverse().slice(0, 40).map((entry) => {
    const li = document.createElement('li');
    const who = entry.combatantId ? `${entry.name}: ` : '';
    li.textContent = `${new Date(entry.timestamp).toLocaleTimeString()} ${who}${entry.description}`;
    return li;
  }));
}

function encounterFromAddress() {
  const match = /encounter=([0-9a-zA-Z_-]+)/.exec(location.hash);
  return match ? match[1] : null;
}

// ---------------------------------------------------------------- actions

// Idempotency-Keys. A form's key belongs to the form and its target (the character or encounter it acts on); it is
// made when the form first sends to that target and replaced only once the command is known to be applied (2xx) or
// known to be another command (idempotency-key-reused). A send that got no answer (network failure, 5xx) may have
// been applied: its key is kept for that form and target, whatever the DM clicks meanwhile (another card, a new key),
// so pressing again repeats the same command and the API applies it once. Other refusals (400, 401/403, 404, 409,
// 413, 422, 429) keep the key too: the API records a key only with a committed command, so reusing it is safe.
const unanswered = new Map(); // `${action} ${path}` -> the key of a send that got no answer

function keyFor(form, to) {
  const id = `${form.dataset.action} ${to.path}`;
  if (unanswered.has(id)) return unanswered.get(id);
  if (!form.dataset.idempotencyKey || form.dataset.keyPath !== to.path) {
    form.dataset.idempotencyKey = newKey();
    form.dataset.keyPath = to.path;
  }
  return form.dataset.idempotencyKey;
}

function settleKey(form, to, key, result) {
  const id = `${form.dataset.action} ${to.path}`;
  const reused = result.status === 422 && result.data?.type === '/problems/idempotency-key-reused';
  if (result.ok || reused) {
    unanswered.delete(id);
    if (form.dataset.idempotencyKey === key) form.dataset.idempotencyKey = newKey(); // the next command is a new one
  } else if (result.network || result.status >= 500) {
    unanswered.set(id, key);
  }
}

// Opening a form (a card selected, a key used, a character created) clears its messages; it keeps its keys.
function openForms() {
  for (const form of $$('form[data-action]')) clearErrors(form);
}

const bodies = {
  create: (f) => ({
    name: text(f.elements.name),
    maximumHitPoints: number(f.elements.maximumHitPoints),
    level: number(f.elements.level) ?? undefined,
    hitDie: f.elements.hitDie.value || undefined,
    constitutionModifier: number(f.elements.constitutionModifier) ?? undefined,
    resistances: [...f.elements.resistances.selectedOptions].map((o) => o.value),
  }),
  damage: (f) => ({
    parts: $$('.part', f).map((row) => ({ amount: number($('[name=amount]', row)), damageType: $('[name=damageType]', row).value })),
    critical: f.elements.critical.checked,
    source: text(f.elements.source),
  }),
  healing: (f) => ({ amount: number(f.elements.amount), source: text(f.elements.source) }),
  'temporary-hit-points': (f) => ({ amount: number(f.elements.amount), source: text(f.elements.source), replace: f.elements.replace.checked }),
  'death-saves': (f) => ({ roll: number(f.elements.roll) }),
  stabilizations: (f) => ({ method: f.elements.method.value, check: number(f.elements.check), by: text(f.elements.by) }),
  'short-rests': (f) => ({ rolls: rolls(f.elements.rolls.value) }),
  'long-rests': () => undefined,
  'level-ups': (f) => ({ maximumHitPointsIncrease: number(f.elements.maximumHitPointsIncrease) }),
  'start-encounter': (f) => ({
    name: text(f.elements.name),
    characterIds: $$('input[name=characterId]:checked', f).map((c) => c.value),
    creatures: f.elements.creatures.value.split(',').map((c) => c.trim()).filter(Boolean),
  }),
  initiative: (f) => ({
    rolls: $$('input[data-combatant-id]', f).filter((i) => i.value.trim() !== '')
      .map((i) => ({ combatantId: i.dataset.combatantId, total: number(i) })),
  }),
  'next-turn': () => undefined,
  'area-damage': (f) => ({
    amount: number(f.elements.amount),
    damageType: f.elements.damageType.value,
    source: text(f.elements.source),
    halfOnSave: f.elements.halfOnSave.checked,
    targets: $$('input[name=target]:checked', f).map((t) => ({ characterId: t.value, saved: $(`input[name=saved][data-for="${t.value}"]`, f).checked })),
  }),
};

const done = {
  create: 'created',
  damage: 'damage dealt',
  healing: 'healed',
  'temporary-hit-points': 'temporary hit points granted',
  'death-saves': 'death save recorded',
  stabilizations: 'stabilised',
  'short-rests': 'Hit Dice spent',
  'long-rests': 'long rest taken',
  'level-ups': 'level gained',
  'start-encounter': 'encounter started',
  initiative: 'initiative recorded',
  'next-turn': 'next turn',
  'area-damage': 'area damage dealt',
};

function text(input) {
  const value = input.value.trim();
  return value === '' ? null : value;
}

// An empty field is sent as null, so the API names it as missing; what is not a whole number is sent as typed and
// the API reports its type against the field.
function number(input) {
  const value = input.value.trim();
  if (value === '') return null;
  return /^-?\d+$/.test(value) ? Number(value) : value;
}

function rolls(value) {
  const items = value.split(/[\s,;]+/).filter(Boolean);
  return items.map((r) => (/^-?\d+$/.test(r) ? Number(r) : r));
}

// Where a form's command goes and which version it pins: the character shown, the encounter shown, or nothing (creation).
function target(form) {
  const action = form.dataset.action;
  if (action === 'create') return { path: 'characters' };
  if (action === 'start-encounter') return { path: 'encounters' };
  if (form.dataset.scope === 'encounter') {
    const e = state.encounter;
    return e && { path: `encounters/${encodeURIComponent(e.encounterId)}/${action}`, ifMatch: e.version, name: `The encounter ${e.name}`, encounter: e };
  }
  const c = state.characters.get(state.selected);
  return c && { path: `characters/${encodeURIComponent(c.characterId)}/${action}`, ifMatch: c.version, name: c.name, character: c };
}

async function submit(event) {
  event.preventDefault();
  const form = event.currentTarget;
  if (form.dataset.busy === 'true') return; // a second click while the first is on its way
  const action = form.dataset.action;
  const to = target(form);
  if (!to) return;
  clearErrors(form);
  form.dataset.busy = 'true';
  form.setAttribute('aria-busy', 'true');
  let result;
  const key = keyFor(form, to);
  try {
    result = await send('POST', to.path, { body: bodies[action](form), ifMatch: to.ifMatch, idempotencyKey: key });
  } finally {
    form.dataset.busy = 'false';
    form.removeAttribute('aria-busy');
  }
  settleKey(form, to, key, result);

  if (result.ok) {
    resetFields(form);
    if (action === 'create') {
      const fresh = await refreshCharacter(result.data.characterId, { quiet: true });
      renderBoard();
      message(form, `${fresh?.name ?? 'Character'} created.`, 'ok');
      await select(result.data.characterId);
    } else if (action === 'start-encounter') {
      message(form, 'Encounter started.', 'ok');
      location.hash = `encounter=${result.data.encounterId}`;
      await loadEncounter(result.data.encounterId);
      $('#encounter-title').focus();
    } else if (to.encounter) {
      await loadEncounter(to.encounter.encounterId, { withCharacters: true });
      message(form, `${state.encounter.name}: ${done[action]} (round ${state.encounter.round}).`, 'ok');
    } else {
      const fresh = await refreshCharacter(to.character.characterId, { quiet: true });
      renderBoard();
      renderSelected();
      if (state.encounter) renderEncounter();
      message(form, `${fresh.name}: ${done[action]}, now ${fresh.currentHitPoints} / ${fresh.maximumHitPoints} HP (version ${fresh.version}).`, 'ok');
    }
    return;
  }

  showProblem(form, result, to);
}

function showProblem(form, result, to) {
  if (result.network) {
    // The key is kept: pressing again repeats the same command, which the API applies at most once.
    message(form, 'No answer from the server. Press the button again to retry: the same command is applied only once.');
    return;
  }
  const p = result.data ?? {};
  switch (result.status) {
    case 400:
      showFieldErrors(form, p.errors ?? {});
      message(form, p.detail && !p.errors ? p.detail : 'Check the fields marked below.');
      break;
    case 409:
      message(form,
        `${to.name ?? 'It'} changed meanwhile: you saw version ${to.ifMatch}, it is now at version ${p.currentVersion ?? 'a newer one'}. ` +
        'Nothing was applied. The screen now shows the fresh state: check it and act again.');
      if (to.character) refreshCharacter(to.character.characterId);
      if (to.encounter) loadEncounter(to.encounter.encounterId, { withCharacters: true });
      break;
    case 422:
      message(form, p.type === '/problems/idempotency-key-reused'
        ? 'The command that got no answer earlier was applied (once); this changed one was not. Check the screen, then press again to send it as a new command.'
        : p.detail ?? p.title ?? 'A game rule forbids this.');
      break;
    case 401:
    case 403:
      message(form, 'The API key was refused. Enter it again at the top of the page.');
      break;
    case 404:
      message(form, p.detail ?? 'Not found.');
      break;
    case 429:
      message(form, `Too many requests: wait ${result.headers?.get('Retry-After') ?? 'a few'} seconds and try again.`);
      break;
    default:
      message(form, result.status >= 500
        ? `${problemText(result)} It may or may not have been applied: pressing again repeats the same command, which is applied only once.`
        : problemText(result));
  }
}

function problemText(result) {
  const p = result.data ?? {};
  return p.detail ?? p.title ?? `The server answered ${result.status}.`;
}

// Errors from problem details go next to the field they name ("amount", "parts[1].damageType"); others to the form.
function showFieldErrors(form, errors) {
  const unplaced = [];
  let first = null;
  for (const [field, messages] of Object.entries(errors)) {
    const wrapper = form.querySelector(`[data-field="${CSS.escape(field)}"]`)
      ?? form.querySelector(`[data-field="${CSS.escape(field.replace(/\[\d+\]$/, ''))}"]`)
      ?? form.querySelector(`[data-field="${CSS.escape(field.replace(/\[.*$/, ''))}"]`);
    if (!wrapper) {
      unplaced.push(`${field}: ${messages.join(' ')}`);
      continue;
    }
    const control = $('input, select, textarea', wrapper);
    const error = document.createElement('p');
    error.className = 'error field-error';
    error.id = `${control.id}-error`;
    error.textContent = messages.join(' ');
    wrapper.append(error);
    control.setAttribute('aria-invalid', 'true');
    control.setAttribute('aria-describedby', error.id);
    first ??= control;
  }
  if (unplaced.length) {
    const list = document.createElement('p');
    list.className = 'error field-error';
    list.textContent = unplaced.join(' ');
    $('.form-message', form).before(list);
  }
  first?.focus();
}

function clearErrors(form) {
  $$('.field-error', form).forEach((e) => e.remove());
  $$('[aria-invalid]', form).forEach((c) => { c.removeAttribute('aria-invalid'); c.removeAttribute('aria-describedby'); });
  message(form, '');
}

function message(form, text, kind = 'error') {
  const target = $('.form-message', form);
  target.textContent = text;
  target.classList.toggle('ok', kind === 'ok');
}

function resetFields(form) {
  if (form.dataset.action === 'damage') {
    $('.parts', form).replaceChildren();
    addPart(form);
    form.elements.critical.checked = false;
    form.elements.source.value = '';
    return;
  }
  form.reset();
}

function addPart(form) {
  const container = $('.parts', form);
  const row = $('#part-template').content.firstElementChild.cloneNode(true);
  container.append(row);
  renumberParts(form);
  return row;
}

function renumberParts(form) {
  $$('.part', form).forEach((row, i) => {
    for (const field of $$('.field', row)) {
      field.dataset.field = field.dataset.field.replace(/parts\[[^\]]*\]/, `parts[${i}]`);
      const control = $('input, select', field);
      control.id = `damage-part-${i}-${control.name}`;
      $('label', field).htmlFor = control.id;
      $('label', field).textContent = `${control.name === 'amount' ? 'Amount' : 'Damage type'} ${i + 1}`;
    }
    $('.remove-part', row).setAttribute('aria-label', `Remove damage type ${i + 1}`);
    $('.remove-part', row).hidden = i === 0;
  });
}

function fillDamageTypes(select, { blank = false } = {}) {
  if (select.options.length) return;
  // The default is an attribute (defaultSelected), so that rows cloned from the template keep it.
  const fallback = !blank && select.name === 'damageType' ? 'slashing' : null;
  for (const type of DAMAGE_TYPES) select.append(new Option(type, type, type === fallback, type === fallback));
}

const announcer = document.createElement('div');
function announce(text) {
  announcer.textContent = text;
}

// ---------------------------------------------------------------- live updates

// The board's server-sent events (docs/feed.md): "board" when a character's row changed, "log" per event applied,
// "reset" when the server cannot resume from our Last-Event-ID (then the whole board follows). EventSource reconnects by
// itself and sends Last-Event-ID. An EventSource cannot send the key header, so this needs reads open to all (the default).
function connectLive() {
  if (!('EventSource' in window)) {
    $('#live-status').textContent = 'This browser cannot follow live updates; reload to see changes.';
    return;
  }
  const source = new EventSource('board/events');
  source.addEventListener('open', () => { $('#live-status').textContent = 'Live: changes appear as they happen.'; });
  source.addEventListener('error', () => {
    $('#live-status').textContent = source.readyState === EventSource.CLOSED
      ? 'Live updates are not available; reload to see changes.'
      : 'Live updates lost; reconnecting…';
  });
  source.addEventListener('board', (e) => applyBoardEntry(JSON.parse(e.data)));
  source.addEventListener('log', (e) => {
    const entry = JSON.parse(e.data);
    if (state.encounter?.combatants.some((c) => c.combatantId === entry.characterId)) later('log', loadCombatLog);
  });
  source.addEventListener('reset', () => later('board', loadBoard));
}

// A row of the board: shown at once, then the character is read again for what the board does not carry (defences,
// level), and the open history and encounter follow.
function applyBoardEntry(entry) {
  const known = state.characters.get(entry.characterId);
  if (known && known.version >= entry.version) return;
  state.characters.set(entry.characterId, { resistances: [], vulnerabilities: [], immunities: [], level: 1, hitDiceLeft: 0, ...known, ...entry });
  renderBoard();
  if (state.encounter) renderEncounter();
  later(`character-${entry.characterId}`, async () => {
    await refreshCharacter(entry.characterId, { quiet: true });
    renderBoard();
    if (state.selected === entry.characterId) renderSelected();
    if (state.encounter) renderEncounter();
  });
}

// Runs fn once per key within 100 ms, so that a burst of events costs one read.
const pending = new Map();
function later(key, fn) {
  if (pending.has(key)) return;
  pending.set(key, setTimeout(() => { pending.delete(key); fn(); }, 100));
}

// The encounter is not on the board's stream: its ETag is checked every 2 s with If-None-Match (a 304 costs nothing).
// The tag covers the encounter's version and its characters' versions, so a change to anyone's hit points answers 200.
// The key goes along when one is held, for an API whose reads need one (Api:RequireKeyForReads).
async function watchEncounter() {
  const e = state.encounter;
  if (e && !document.hidden) {
    const headers = { Accept: 'application/json', 'If-None-Match': state.encounterTag ?? `"${e.version}"` };
    if (state.key) headers['X-Api-Key'] = state.key;
    const response = await fetch(`encounters/${encodeURIComponent(e.encounterId)}`, { headers, cache: 'no-store' }).catch(() => null);
    if (response?.status === 200 && state.encounter === e) {
      state.encounterTag = response.headers.get('ETag');
      state.encounter = await response.json();
      // A character the view shows at a newer version than the screen holds is read again (its card, its row).
      const stale = state.encounter.combatants.filter((c) => c.hitPoints
        && c.hitPoints.version > (state.characters.get(c.combatantId)?.version ?? -1));
      if (stale.length > 0) {
        await Promise.all(stale.map((c) => refreshCharacter(c.combatantId, { quiet: true })));
        renderBoard();
        if (state.selected) renderSelected();
      }
      renderEncounter();
      loadCombatLog();
    }
  }
  setTimeout(watchEncounter, 2000);
}

// ---------------------------------------------------------------- start

function start() {
  announcer.className = 'visually-hidden';
  announcer.setAttribute('aria-live', 'polite');
  document.body.append(announcer);

  const part = $('#part-template').content;
  $$('select.damage-types', part).forEach((s) => fillDamageTypes(s));
  $$('select.damage-types').forEach((s) => fillDamageTypes(s, { blank: true }));

  $('#key-form').addEventListener('submit', useKey);
  $('#forget-key').addEventListener('click', forgetKey);
  for (const form of $$('form[data-action]')) form.addEventListener('submit', submit);
  const damage = $('#damage-form');
  addPart(damage);
  $('.add-part', damage).addEventListener('click', () => { $('input', addPart(damage)).focus(); });
  damage.addEventListener('click', (e) => {
    const remove = e.target.closest('.remove-part');
    if (!remove) return;
    remove.closest('.part').remove();
    renumberParts(damage);
    $('.add-part', damage).focus();
  });
  $('.roll-d20').addEventListener('click', () => {
    const roll = 1 + (crypto.getRandomValues(new Uint32Array(1))[0] % 20);
    $('#death-save-roll').value = String(roll);
    announce(`Rolled ${roll}.`);
  });

  setMode();
  openForms();
  loadBoard().then(() => {
    const id = encounterFromAddress();
    if (id) loadEncounter(id);
    connectLive();
    watchEncounter();
  });
  window.addEventListener('hashchange', () => {
    const id = encounterFromAddress();
    if (id && id !== state.encounter?.encounterId) loadEncounter(id);
  });
  if (state.key) {
    // A key kept from earlier in this tab: ask again what it may do (it may have been revoked since).
    readSession(state.key).then((verdict) => {
      if (typeof verdict === 'string') {
        $('#key-error').textContent = `The kept key: ${verdict}`;
        state.key = '';
        sessionStorage.removeItem(KEY_STORAGE);
      } else {
        state.session = verdict;
      }
      setMode();
    });
  }
}

start();
