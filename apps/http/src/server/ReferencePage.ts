/**
 * The browsable API reference, served by the app itself (no CDN, no script): a French HTML page listing every
 * operation of the OpenAPI document (method, path, summary, answers), grouped as the API's groups, with a link to
 * `/openapi.json` for tools.
 *
 * Rendered on the server from the same document as `/openapi.json`, so the two never disagree; a small stylesheet
 * served beside it keeps the CSP free of inline styles.
 *
 * @since 0.1.0
 */

import { HttpRouter, HttpServerResponse } from "effect/http"
import { type HttpApi, type HttpApiGroup, OpenApi } from "effect/http-api"
import * as Layer from "effect/Layer"

/**
 * Where the page is served.
 *
 * @category getters
 * @since 0.1.0
 */
export const path = "/docs"

const escapeHtml = (text: string): string =>
  text.replace(
    /[&<>"']/g,
    (char) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[char] ?? char
  )

const methods = ["get", "post", "put", "patch", "delete"] as const

interface Operation {
  readonly method: string
  readonly path: string
  readonly summary: string
  readonly statuses: ReadonlyArray<string>
}

/**
 * The page's HTML for an OpenAPI document.
 *
 * @category constructors
 * @since 0.1.0
 */
export const render = (spec: OpenApi.OpenAPISpec): string => {
  const byTag = new Map<string, Array<Operation>>()
  for (const [route, item] of Object.entries(spec.paths)) {
    for (const method of methods) {
      const operation = (item as Record<string, { tags?: Array<string>; summary?: string; responses?: object }>)[method]
      if (operation === undefined) continue
      const tag = operation.tags?.[0] ?? "Autres"
      const list = byTag.get(tag) ?? []
      list.push({
        method: method.toUpperCase(),
        path: route,
        summary: operation.summary ?? "",
        statuses: Object.keys(operation.responses ?? {})
      })
      byTag.set(tag, list)
    }
  }
  const sections = [...byTag.entries()]
    .map(
      ([tag, operations]) => `<section>
<h2>${escapeHtml(tag)}</h2>
<table>
<thead><tr><th scope="col">Méthode</th><th scope="col">Chemin</th><th scope="col">Description</th><th scope="col">Réponses</th></tr></thead>
<tbody>
${operations
  .map(
    (operation) =>
      `<tr><td><code>${operation.method}</code></td><td><code>${escapeHtml(operation.path)}</code></td><td>${escapeHtml(operation.summary)}</td><td>${operation.statuses.map(escapeHtml).join(", ")}</td></tr>`
  )
  .join("\n")}
</tbody>
</table>
</section>`
    )
    .join("\n")
  return `<!doctype html>
<html lang="fr">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Référence de l'API — ${escapeHtml(spec.info.title)}</title>
<link rel="stylesheet" href="${path}/style.css">
</head>
<body>
<main>
<h1>Référence de l'API ${escapeHtml(spec.info.title)}</h1>
${spec.info.description ? `<p>${escapeHtml(spec.info.description)}</p>` : ""}
<p>Le document OpenAPI complet (schémas des requêtes et des réponses) : <a href="/openapi.json">/openapi.json</a>.</p>
<p>Les erreurs sont au format <code>application/problem+json</code> : <code>code</code> (le code Pix), <code>detail</code> (le message en français) et <code>meta</code>.</p>
${sections}
</main>
</body>
</html>
`
}

const stylesheet = `body{font-family:system-ui,sans-serif;margin:0;color:#161616;background:#fff}
main{max-width:64rem;margin:0 auto;padding:1rem}
table{border-collapse:collapse;width:100%;margin-bottom:2rem}
th,td{border:1px solid #ccc;padding:.4rem .6rem;text-align:left;vertical-align:top}
th{background:#eee}
code{font-size:.95em}
a{color:#000091}
`

/**
 * The routes of the page and its stylesheet for an API (the page is rendered once, at start).
 *
 * @category layers
 * @since 0.1.0
 */
export const layer = <Id extends string, Groups extends HttpApiGroup.Constraint>(api: HttpApi.HttpApi<Id, Groups>) => {
  const html = render(OpenApi.fromApi(api))
  return Layer.mergeAll(
    HttpRouter.add("GET", path, HttpServerResponse.html(html)),
    HttpRouter.add(
      "GET",
      `${path}/style.css`,
      HttpServerResponse.text(stylesheet, { contentType: "text/css; charset=utf-8" })
    )
  )
}
