extension HTMLReport {
    /// Inline style: readable on screen and on paper. No `<` or `&`, so the document stays
    /// well-formed XML.
    static let css = """
    body{font-family:system-ui,-apple-system,"Segoe UI",Roboto,"Noto Sans","Noto Sans Arabic",sans-serif;margin:24px auto;max-width:1200px;color:#1d1d1f;background:#fafafa;line-height:1.45}
    h1{font-size:1.6em;margin:0 0 4px}h2{font-size:1.2em;margin:8px 0}
    .about,.note{color:#555;font-size:.9em}
    .summary{background:#fff;border:1px solid #ddd;border-radius:8px;padding:12px 16px;margin:16px 0}
    .charts{display:flex;flex-wrap:wrap;gap:12px}.charts svg{background:#fff;border:1px solid #eee;border-radius:6px;max-width:100%;height:auto}
    .card{background:#fff;border:1px solid #ddd;border-left:6px solid #999;border-radius:8px;padding:12px 16px;margin:14px 0;break-inside:avoid}
    .card.refer{border-left-color:#c0392b}.card.review{border-left-color:#e69a19}
    .card header{display:flex;flex-wrap:wrap;gap:8px;align-items:center;font-size:.95em}
    .number{color:#888}.score{font-weight:600}.pid{color:#555;overflow-wrap:anywhere}
    .badge{display:inline-block;padding:1px 8px;border-radius:10px;font-size:.8em;font-weight:700;color:#fff;background:#777}
    .badge.refer{background:#c0392b}.badge.review{background:#c77c00}.badge.protected{background:#1e8449}.badge.plain{background:#eee;color:#333;font-weight:600}
    .badge.rejected{background:#34495e}.badge.confirmed{background:#6c3483}
    blockquote.post{white-space:pre-wrap;overflow-wrap:anywhere;margin:10px 0;padding:10px 12px;background:#f6f6f6;border-radius:6px;font-size:1.02em;unicode-bidi:plaintext}
    mark.up{background:#f8c9c4;border-bottom:2px solid #c0392b;padding:0 1px}mark.down{background:#c8ecd4;border-bottom:2px solid #1e8449;padding:0 1px}
    dl.meta{display:grid;grid-template-columns:max-content 1fr;gap:2px 14px;font-size:.88em;margin:8px 0}
    dl.meta dt{color:#666}dl.meta dd{margin:0;overflow-wrap:anywhere}
    code{font-family:ui-monospace,Menlo,Consolas,monospace;font-size:.95em;background:#f1f1f1;padding:0 3px;border-radius:3px}
    table.signals{border-collapse:collapse;font-size:.86em;margin:6px 0;width:100%}
    table.signals th,table.signals td{border-bottom:1px solid #eee;padding:3px 8px;text-align:left;vertical-align:top}
    table.signals th{color:#555;font-weight:600}td.matched{overflow-wrap:anywhere}
    td.up{color:#a93226;font-weight:600}td.down{color:#1e8449;font-weight:600}
    .guard{font-size:.88em}.guard ul{margin:4px 0 0 18px;padding:0}
    @media print{body{background:#fff}.card,.summary{border-color:#bbb}}
    """
}
