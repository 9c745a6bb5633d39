/**
 * Charts drawn on the server as SVG (ADR 0047): no script, no remote service, a few hundred bytes each. Every chart
 * has a title and a description for screen readers (`role="img"`), and the page shows the same figures in a table
 * next to it: the chart is for the eye, the table for everyone.
 *
 * @since 0.1.0
 */
import { French } from "@orga/domain"
import { type Html, html } from "./Html.ts"

/**
 * One bar: a label and a value; `null` draws no bar and says "—".
 *
 * @category models
 * @since 0.1.0
 */
export interface Bar {
  readonly label: string
  readonly value: number | null
}

/**
 * Horizontal bars, one per row, scaled to `max` (1 for rates, shown as percentages).
 *
 * @category constructors
 * @since 0.1.0
 */
export const bars = (options: {
  readonly id: string
  readonly title: string
  readonly description: string
  readonly rows: ReadonlyArray<Bar>
  readonly max?: number | undefined
  readonly format?: ((value: number) => string) | undefined
}): Html => {
  const width = 560
  // Short labels (classes, days) stand left of their bar; a longer one (a competence's name) would be cut there, so
  // every label then stands on its own line above its bar, across the chart's whole width.
  const labelWidth = 120
  const labelsAbove = options.rows.some((row) => row.label.length * 8 > labelWidth - 8)
  const barLeft = labelsAbove ? 0 : labelWidth
  const rowHeight = labelsAbove ? 44 : 28
  const barTop = labelsAbove ? 20 : 4
  const barWidth = width - barLeft - 70
  const height = Math.max(1, options.rows.length) * rowHeight + 8
  const max = options.max ?? Math.max(1, ...options.rows.map((row) => row.value ?? 0))
  const format = options.format ?? ((value: number) => French.percent(value))
  return html`<figure class="chart"><svg viewBox="0 0 ${width} ${height}" role="img" aria-labelledby="${options.id}-titre ${options.id}-desc" xmlns="http://www.w3.org/2000/svg">
<title id="${options.id}-titre">${options.title}</title><desc id="${options.id}-desc">${options.description}</desc>
${options.rows.map((row, index) => {
  const y = index * rowHeight + 4
  const length = row.value === null ? 0 : Math.max(1, Math.round((Math.min(row.value, max) / max) * barWidth))
  const label = labelsAbove
    ? html`<text x="0" y="${y + 14}" font-size="14" fill="#161616">${row.label}</text>`
    : html`<text x="${labelWidth - 8}" y="${y + 18}" text-anchor="end" font-size="14" fill="#161616">${row.label}</text>`
  return html`<g>${label}
<rect x="${barLeft}" y="${y + barTop}" width="${barWidth}" height="18" fill="#eeeeee"></rect>
<rect x="${barLeft}" y="${y + barTop}" width="${length}" height="18" fill="#000091"></rect>
<text x="${barLeft + barWidth + 8}" y="${y + barTop + 14}" font-size="14" fill="#161616">${row.value === null ? "—" : format(row.value)}</text></g>`
})}
</svg><figcaption class="muted">${options.title}</figcaption></figure>`
}
