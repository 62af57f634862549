# Front-end files taken from node_modules (installed from package-lock.json by
# `npm ci`) and embedded into the binary. Each entry is PUBLICNAME=PATH, PATH
# relative to node_modules; the server serves it as /static/PUBLICNAME.
#
# None of these files refers to another file by URL except the two fonts,
# which assets/app.css loads with relative url()s from /static/. The component
# CSS carries a few data: URIs (checkbox ticks), so a Content-Security-Policy
# must allow img-src data:.
set(WR_NPM_ASSETS
  # NL Design System components (classes utrecht-*), EUPL-1.2
  "utrecht.css=@utrecht/component-library-css/dist/index.css"
  # NL Design System example theme "voorbeeld": design tokens on .voorbeeld-theme, EUPL-1.2
  "theme.css=@nl-design-system-unstable/voorbeeld-design-tokens/dist/theme.css"
  # htmx 2: progressive enhancement only, every page works without it, 0BSD
  "htmx.min.js=htmx.org/dist/htmx.min.js"
  # Noto Sans (the theme's text font), variable weight, SIL OFL 1.1
  "noto-sans-latin.woff2=@fontsource-variable/noto-sans/files/noto-sans-latin-wght-normal.woff2"
  "noto-sans-latin-ext.woff2=@fontsource-variable/noto-sans/files/noto-sans-latin-ext-wght-normal.woff2"
)
