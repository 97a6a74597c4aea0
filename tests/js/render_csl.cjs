// Render every CSL-JSON item with citeproc-js (through citation-js), as a bibliography entry and as a note.
// Usage: NODE_PATH=<node_modules> node render_csl.cjs ITEMS.json [STYLE.csl]
// Prints {"<id>": {"bibliography": "...", "citation": "..."}}. Without a style file, citation-js's APA template.
const { readFileSync } = require("node:fs");
const { Cite, plugins } = require("@citation-js/core");
require("@citation-js/plugin-csl");

const [itemsPath, stylePath] = process.argv.slice(2);
const items = JSON.parse(readFileSync(itemsPath, "utf8"));
let template = "apa";
if (stylePath) {
  plugins.config.get("@csl").styles.add("test-style", readFileSync(stylePath, "utf8"));
  template = "test-style";
}
const out = {};
for (const item of items) {
  const cite = new Cite([item], { forceType: "@csl/list+object" });
  out[item.id] = {
    bibliography: cite.format("bibliography", { format: "text", template, lang: "en-US" }).trim(),
    citation: cite.format("citation", { format: "text", template, lang: "en-US" }).trim(),
  };
}
process.stdout.write(JSON.stringify(out));
