// The compare view's script: builds the page from the view model the extension posts
// (client/src/compare-view-model.ts) with DOM calls only, and draws the chart as SVG.
/* global acquireVsCodeApi, document, window */
(function () {
  'use strict';
  const vscode = acquireVsCodeApi();
  const SVG = 'http://www.w3.org/2000/svg';
  const root = document.getElementById('report');

  function el(tag, attrs, ...children) {
    const node = document.createElement(tag);
    for (const [key, value] of Object.entries(attrs || {})) node.setAttribute(key, value);
    for (const child of children)
      node.append(typeof child === 'string' || typeof child === 'number' ? String(child) : child);
    return node;
  }

  function svg(tag, attrs, text) {
    const node = document.createElementNS(SVG, tag);
    for (const [key, value] of Object.entries(attrs)) node.setAttribute(key, String(value));
    if (text !== undefined) node.textContent = text;
    return node;
  }

  function bytes(n) {
    if (n >= 1e6) return `${(n / 1e6).toFixed(2)} MB`;
    if (n >= 1e3) return `${(n / 1e3).toFixed(1)} kB`;
    return `${n} B`;
  }

  const format = (n, unit) => (unit === 'bytes' ? bytes(n) : String(n));
  const money = (n) => n.toFixed(2);

  function change(before, after) {
    if (before === 0) return after === 0 ? '±0' : 'new';
    const percent = Math.round(((after - before) / before) * 100);
    return `${percent > 0 ? '+' : ''}${percent}%`;
  }

  /** One group of two horizontal bars per figure, each group scaled to its larger value. */
  function chart(bars) {
    const labelWidth = 210;
    const barWidth = 300;
    const rowHeight = 18;
    const groupHeight = rowHeight * 2 + 14;
    const width = labelWidth + barWidth + 150;
    const height = bars.length * groupHeight;
    const drawing = svg('svg', {
      class: 'chart',
      // Scales down with the panel (max-width in the CSS); the viewBox keeps the proportions.
      width: '100%',
      viewBox: `0 0 ${width} ${height}`,
      role: 'img',
      'aria-label': 'Before and after, per figure',
    });
    bars.forEach((bar, i) => {
      const y = i * groupHeight;
      const max = Math.max(bar.before, bar.after, 1);
      drawing.append(svg('text', { x: 0, y: y + rowHeight + 4 }, bar.label));
      [
        ['before', bar.before],
        ['after', bar.after],
      ].forEach(([side, value], j) => {
        const top = y + j * rowHeight;
        const length = Math.max(1, Math.round((value / max) * barWidth));
        const rect = svg('rect', {
          class: side,
          x: labelWidth,
          y: top + 2,
          width: length,
          height: rowHeight - 4,
        });
        rect.append(svg('title', {}, `${side}: ${format(value, bar.unit)}`));
        drawing.append(rect);
        const note =
          j === 1
            ? `${format(value, bar.unit)} (${change(bar.before, bar.after)})`
            : format(value, bar.unit);
        drawing.append(svg('text', { x: labelWidth + length + 6, y: top + rowHeight - 5 }, note));
      });
    });
    return drawing;
  }

  function names(items, className) {
    if (items.length === 0) return el('p', { class: 'muted' }, 'none');
    return el(
      'ul',
      { class: 'names' },
      ...items.map((n) => el('li', className ? { class: className } : {}, n)),
    );
  }

  /** A list where the names missing from the other side are marked. */
  function marked(items, changed, className) {
    const set = new Set(changed);
    return el(
      'ul',
      { class: 'names' },
      ...items.map((n) => el('li', set.has(n) ? { class: className } : {}, n)),
    );
  }

  function section(title, ...content) {
    return el('section', {}, el('h2', {}, title), ...content);
  }

  function invoiceTable(title, invoice) {
    const rows = invoice.lines.map((line) =>
      el('tr', {}, el('td', {}, line.component), el('td', { class: 'number' }, money(line.price))),
    );
    rows.push(
      el(
        'tr',
        {},
        el('td', {}, 'subtotal'),
        el('td', { class: 'number' }, money(invoice.subtotal)),
      ),
    );
    rows.push(
      el(
        'tr',
        {},
        el('td', {}, `tax ${invoice.taxPercent}%`),
        el('td', { class: 'number' }, money(invoice.tax)),
      ),
    );
    rows.push(
      el(
        'tr',
        { class: 'total' },
        el('td', {}, 'total'),
        el('td', { class: 'number' }, money(invoice.total)),
      ),
    );
    return el('div', {}, el('h3', {}, title), el('table', {}, ...rows));
  }

  function passesTable(passes) {
    const count = Math.max(passes.before.length, passes.after.length);
    const head = el('tr', {}, el('th', {}, 'pass'), el('th', {}, 'before'), el('th', {}, 'after'));
    const rows = [];
    for (let i = 0; i < count; i++)
      rows.push(
        el(
          'tr',
          {},
          el('td', {}, i + 1),
          el('td', {}, (passes.before[i] || []).join(' ')),
          el('td', {}, (passes.after[i] || []).join(' ')),
        ),
      );
    return el('table', {}, head, ...rows);
  }

  function render(model) {
    const exportButton = el('button', { type: 'button' }, 'Export as Markdown');
    exportButton.addEventListener('click', () => vscode.postMessage({ type: 'exportMarkdown' }));
    const legend = el(
      'div',
      { class: 'legend' },
      el('span', {}, el('span', { class: 'swatch before' }), 'original'),
      el('span', {}, el('span', { class: 'swatch after' }), 'hardened'),
    );
    const parts = [
      el('h1', {}, model.title),
      el('div', { class: 'toolbar' }, exportButton),
      legend,
      chart(model.bars),
    ];
    if (model.closure)
      parts.push(
        section(
          `Install closure: ${model.closure.label}`,
          el(
            'div',
            { class: 'columns' },
            el(
              'div',
              {},
              el('h3', {}, `original (${model.closure.before.length})`),
              marked(model.closure.before, model.closure.removed, 'removed'),
            ),
            el(
              'div',
              {},
              el('h3', {}, `hardened (${model.closure.after.length})`),
              marked(model.closure.after, model.closure.added, 'added'),
            ),
          ),
        ),
      );
    else
      parts.push(
        section(
          `Install closure: ${model.closure.label}`,
          el('p', { class: 'muted' }, 'Not computed: set apkbuild.apkindex to an APKINDEX.'),
        ),
      );
    parts.push(
      section(
        'Removed',
        el(
          'div',
          { class: 'columns' },
          el(
            'div',
            {},
            el('h3', {}, 'sonames no longer needed'),
            names(model.removedSonames, 'removed'),
          ),
          el(
            'div',
            {},
            el('h3', {}, 'dependencies dropped'),
            names(model.removedDepends, 'removed'),
          ),
          el('div', {}, el('h3', {}, 'sonames newly needed'), names(model.addedSonames, 'added')),
        ),
      ),
    );
    const sizes = model.packages.map((p) =>
      el(
        'tr',
        {},
        el('td', {}, p.name),
        el('td', {}, p.presence),
        el('td', { class: 'number' }, bytes(p.sizeBefore)),
        el('td', { class: 'number' }, bytes(p.sizeAfter)),
        el('td', { class: 'number' }, p.filesRemoved),
      ),
    );
    const sizeHead = el(
      'tr',
      {},
      el('th', {}, 'package'),
      el('th', {}, 'built'),
      el('th', { class: 'number' }, 'before'),
      el('th', { class: 'number' }, 'after'),
      el('th', { class: 'number' }, 'files removed'),
    );
    parts.push(section('Size', el('table', {}, sizeHead, ...sizes)));
    if (model.passes)
      parts.push(
        section(
          'Build passes',
          passesTable(model.passes),
          el('h3', {}, 'origins no longer built'),
          names(model.passes.removed, 'removed'),
        ),
      );
    parts.push(
      section(
        `Cost per dependency (priced: ${model.invoice.basis})`,
        el(
          'div',
          { class: 'columns' },
          invoiceTable('original', model.invoice.before),
          invoiceTable('hardened', model.invoice.after),
        ),
      ),
    );
    if (model.warnings.length > 0)
      parts.push(section('Warnings', names(model.warnings, 'warning')));
    root.replaceChildren(...parts);
  }

  window.addEventListener('message', (event) => {
    if (event.data && event.data.type === 'report') render(event.data.model);
  });
  vscode.postMessage({ type: 'ready' });
})();
