// A small SVG line chart of hit points, temporary hit points and the maximum over versions. Own code, no library.
const SVG = 'http://www.w3.org/2000/svg';
const WIDTH = 640;
const HEIGHT = 260;
const PAD = { left: 44, right: 16, top: 16, bottom: 40 };

function el(name, attributes = {}, text) {
  const node = document.createElementNS(SVG, name);
  for (const [key, value] of Object.entries(attributes)) node.setAttribute(key, String(value));
  if (text !== undefined) node.textContent = text;
  return node;
}

// A step line: a value holds from its version until the next one.
function steps(points, x, y, value) {
  let d = '';
  points.forEach((p, i) => {
    const px = x(p.version);
    const py = y(value(p));
    d += i === 0 ? `M${px},${py}` : `H${px}V${py}`;
  });
  if (points.length) d += `H${x(points[points.length - 1].version + 1)}`;
  return d;
}

export function drawHitPointChart(container, points, name) {
  container.replaceChildren();
  if (!points.length) {
    container.textContent = 'No events to draw.';
    return;
  }
  const first = points[0].version;
  const last = points[points.length - 1].version + 1;
  const top = Math.max(1, ...points.map((p) => Math.max(p.maximumHitPoints, p.currentHitPoints + p.temporaryHitPoints)));
  const x = (v) => PAD.left + ((v - first) / Math.max(1, last - first)) * (WIDTH - PAD.left - PAD.right);
  const y = (hp) => PAD.top + (1 - hp / top) * (HEIGHT - PAD.top - PAD.bottom);

  const now = points[points.length - 1];
  const svg = el('svg', { viewBox: `0 0 ${WIDTH} ${HEIGHT}`, role: 'img', 'aria-labelledby': 'chart-svg-title chart-svg-desc', class: 'hp-chart' });
  svg.append(el('title', { id: 'chart-svg-title' }, `Hit points of ${name} over versions`));
  svg.append(el('desc', { id: 'chart-svg-desc' },
    `${points.length} events, versions ${first} to ${last - 1}. Now ${now.currentHitPoints} of ${now.maximumHitPoints} hit points` +
    `${now.temporaryHitPoints ? ` and ${now.temporaryHitPoints} temporary` : ''}. The history table below lists every value.`));

  // Axes and grid: y in hit points, x in versions.
  const yTicks = niceTicks(top);
  for (const t of yTicks) {
    svg.append(el('line', { x1: PAD.left, x2: WIDTH - PAD.right, y1: y(t), y2: y(t), class: 'grid' }));
    svg.append(el('text', { x: PAD.left - 6, y: y(t) + 4, 'text-anchor': 'end', class: 'tick' }, t));
  }
  const xStep = Math.max(1, Math.ceil((last - first) / 10));
  for (let v = first; v < last; v += xStep) {
    svg.append(el('text', { x: x(v), y: HEIGHT - PAD.bottom + 16, 'text-anchor': 'middle', class: 'tick' }, v));
  }
  svg.append(el('text', { x: (PAD.left + WIDTH - PAD.right) / 2, y: HEIGHT - 6, 'text-anchor': 'middle', class: 'axis-label' }, 'version'));

  // Temporary hit points are drawn on top of the current ones, as on the board's bar.
  svg.append(el('path', { d: steps(points, x, y, (p) => p.maximumHitPoints), class: 'line-max' }));
  svg.append(el('path', { d: steps(points, x, y, (p) => p.currentHitPoints + p.temporaryHitPoints), class: 'line-temp' }));
  svg.append(el('path', { d: steps(points, x, y, (p) => p.currentHitPoints), class: 'line-hp' }));
  for (const p of points) {
    const dot = el('circle', { cx: x(p.version), cy: y(p.currentHitPoints), r: 3.5, class: 'dot-hp' });
    dot.append(el('title', {}, `version ${p.version}: ${p.currentHitPoints} / ${p.maximumHitPoints} HP` +
      `${p.temporaryHitPoints ? ` + ${p.temporaryHitPoints} temporary` : ''} (${p.description})`));
    svg.append(dot);
  }
  container.append(svg);

  const legend = document.createElement('ul');
  legend.className = 'legend';
  for (const [cls, label] of [['line-hp', 'hit points'], ['line-temp', 'hit points + temporary'], ['line-max', 'maximum']]) {
    const li = document.createElement('li');
    li.innerHTML = `<span class="swatch ${cls}" aria-hidden="true"></span>`;
    li.append(label);
    legend.append(li);
  }
  container.append(legend);
}

function niceTicks(top) {
  const step = [1, 2, 5, 10, 20, 25, 50, 100, 200, 250, 500, 1000].find((s) => top / s <= 6) ?? Math.ceil(top / 6);
  const ticks = [];
  for (let t = 0; t <= top; t += step) ticks.push(t);
  return ticks;
}
