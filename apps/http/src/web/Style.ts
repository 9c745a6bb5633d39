/**
 * The pages' one stylesheet, served by the app itself (no CDN, no font download): system fonts, the French State's
 * blue and red, a visible focus ring, forms and tables that fit a phone (ADR 0047). Its address carries a hash of
 * its content, so browsers keep it for a year and a new version is fetched under a new address.
 *
 * @since 0.1.0
 */
import { createHash } from "node:crypto"
import * as Effect from "effect/Effect"
import { HttpRouter, HttpServerResponse } from "effect/http"
import * as Layer from "effect/Layer"

/**
 * The stylesheet.
 *
 * @category getters
 * @since 0.1.0
 */
export const css = `*,*::before,*::after{box-sizing:border-box}
html{font-size:100%;-webkit-text-size-adjust:100%}
body{margin:0;font-family:system-ui,-apple-system,"Segoe UI",Roboto,Arial,sans-serif;line-height:1.5;color:#161616;background:#fff}
a{color:#000091;text-underline-offset:.15em}
a:hover{text-decoration-thickness:2px}
:focus-visible{outline:3px solid #0a76f6;outline-offset:2px}
.skip{position:absolute;left:.5rem;top:-3rem;background:#fff;padding:.5rem 1rem;z-index:2}
.skip:focus{top:.5rem}
header.site{border-bottom:1px solid #ddd;box-shadow:0 2px 4px rgba(0,0,0,.05)}
.bar{max-width:72rem;margin:0 auto;padding:.75rem 1rem;display:flex;flex-wrap:wrap;gap:.5rem 1.5rem;align-items:center;justify-content:space-between}
.brand{font-weight:700;font-size:1.25rem;color:#161616;text-decoration:none;display:flex;gap:.75rem;align-items:center}
.brand span.flag{display:inline-block;width:.4rem;height:1.6rem;background:linear-gradient(#000091 33%,#fff 33% 66%,#e1000f 66%);border:1px solid #ddd}
.who{display:flex;gap:1rem;align-items:center;flex-wrap:wrap;font-size:.95rem}
nav.main{background:#f6f6f6;border-bottom:1px solid #ddd}
nav.main ul{list-style:none;margin:0 auto;padding:0 1rem;max-width:72rem;display:flex;flex-wrap:wrap;gap:0 .25rem}
nav.main a{display:block;padding:.6rem .75rem;text-decoration:none;color:#161616}
nav.main a[aria-current=page]{color:#000091;box-shadow:inset 0 -3px #000091;font-weight:600}
main{display:block;max-width:72rem;margin:0 auto;padding:1.5rem 1rem 3rem}
main:focus{outline:none}
h1{font-size:1.9rem;line-height:1.25;margin:0 0 1rem}
h2{font-size:1.4rem;margin:2rem 0 .75rem}
h3{font-size:1.15rem;margin:1.5rem 0 .5rem}
.lead{font-size:1.1rem;color:#3a3a3a}
.muted{color:#595959}
.card{border:1px solid #ddd;border-bottom:3px solid #000091;padding:1rem 1.25rem;margin:0 0 1rem;background:#fff}
.cards{display:grid;grid-template-columns:repeat(auto-fit,minmax(14rem,1fr));gap:1rem;margin:1rem 0}
.cards .card{margin:0}
.skip-label{position:absolute;width:1px;height:1px;overflow:hidden;clip-path:inset(50%);white-space:nowrap}
.card-title{font-size:1rem;margin:0;color:#595959;font-weight:600}
.figure{font-size:2rem;font-weight:700;line-height:1.1;display:block;color:#000091}
.alert{border-left:4px solid #0063cb;background:#f4f6ff;padding:.75rem 1rem;margin:0 0 1rem}
.alert.error{border-color:#ce0500;background:#fff4f3}
.alert.success{border-color:#18753c;background:#f0fdf4}
.alert.warning{border-color:#b34000;background:#fff4ed}
.alert h2{font-size:1.1rem;margin:0 0 .25rem}
.alert ul{margin:.25rem 0 0;padding-left:1.25rem}
form.stack{max-width:34rem}
.field{margin:0 0 1.25rem}
label,legend{display:block;font-weight:600;margin:0 0 .25rem}
.hint{display:block;font-weight:400;font-size:.9rem;color:#595959}
input[type=text],input[type=email],input[type=password],input[type=search],input[type=date],select,textarea{display:block;width:100%;max-width:34rem;font:inherit;padding:.5rem .6rem;border:1px solid #3a3a3a;border-radius:.25rem .25rem 0 0;background:#fff;color:#161616;min-height:2.75rem}
textarea{min-height:6rem}
input[type=file]{font:inherit;display:block;margin:.25rem 0}
fieldset{border:0;padding:0;margin:0 0 1.25rem}
.choice{display:flex;gap:.5rem;align-items:flex-start;margin:.35rem 0;font-weight:400}
.choice input{width:1.25rem;height:1.25rem;margin:.15rem 0 0}
.choice label{font-weight:400;margin:0}
.invalid input,.invalid select,.invalid textarea{border-color:#ce0500;border-width:2px}
.error-text{color:#ce0500;font-weight:600;display:block;margin:.25rem 0}
button,.button{display:inline-block;font:inherit;font-weight:600;padding:.55rem 1.1rem;min-height:2.75rem;border:1px solid #000091;border-radius:.25rem;background:#000091;color:#fff;cursor:pointer;text-decoration:none;line-height:1.5}
button:hover,.button:hover{background:#1212ff}
button.secondary,.button.secondary{background:#fff;color:#000091}
button.secondary:hover,.button.secondary:hover{background:#f5f5fe}
button.danger{background:#fff;color:#ce0500;border-color:#ce0500}
button.link{background:none;border:0;color:#000091;text-decoration:underline;padding:0;min-height:0;font-weight:400}
.actions{display:flex;flex-wrap:wrap;gap:.75rem;align-items:center;margin:1rem 0}
form.inline{display:inline}form.below{margin:.5rem 0 0}
.filters{display:flex;flex-wrap:wrap;gap:1rem;align-items:flex-end;margin:0 0 1rem;padding:1rem;background:#f6f6f6}
.filters .field{margin:0}
.filters input,.filters select{min-width:12rem}
.table{overflow-x:auto;margin:0 0 1.5rem;position:relative}
table{border-collapse:collapse;width:100%;font-size:.95rem}
caption{text-align:left;font-weight:600;padding:.5rem 0}
th,td{border-bottom:1px solid #ddd;padding:.5rem .6rem;text-align:left;vertical-align:top}
thead th{background:#f6f6f6;border-bottom:2px solid #3a3a3a}
td.num,th.num{text-align:right;font-variant-numeric:tabular-nums}
.tag{display:inline-block;padding:0 .5rem;border-radius:1rem;font-size:.85rem;background:#eee;color:#161616;white-space:nowrap}
.tag.ok{background:#b8fec9;color:#18753c}
.tag.ko{background:#ffe9e9;color:#ce0500}
.pagination{display:flex;gap:.5rem;list-style:none;padding:0;flex-wrap:wrap}
.pagination a,.pagination span{display:block;padding:.35rem .75rem;border:1px solid #ddd}
.pagination [aria-current]{background:#000091;color:#fff;border-color:#000091}
.chart{max-width:44rem;margin:0 0 1rem}
.chart svg{width:100%;height:auto;display:block}
code,.code{font-family:ui-monospace,Menlo,Consolas,monospace;background:#eee;padding:.1rem .3rem}
footer.site{border-top:2px solid #000091;margin-top:2rem}
footer.site p{max-width:72rem;margin:0 auto;padding:1rem;font-size:.9rem;color:#595959}
@media (max-width:40rem){h1{font-size:1.5rem}.bar{padding:.5rem 1rem}nav.main a{padding:.5rem}th,td{padding:.4rem}.hide-small{display:none}}
@media print{nav.main,.skip,.actions,header.site form{display:none}}
`

/**
 * The stylesheet's address: its content's hash in the name, so it may be cached for a year.
 *
 * @category getters
 * @since 0.1.0
 */
export const href: `/${string}` = `/assets/orga-${createHash("sha256").update(css).digest("hex").slice(0, 10)}.css`

/**
 * The route of the stylesheet.
 *
 * @category layers
 * @since 0.1.0
 */
export const layer = Layer.mergeAll(
  HttpRouter.add(
    "GET",
    href,
    Effect.succeed(
      HttpServerResponse.text(css, {
        contentType: "text/css; charset=utf-8",
        headers: { "cache-control": "public, max-age=31536000, immutable" }
      })
    )
  )
)
