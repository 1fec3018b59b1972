// Loaded on demand (dynamic import): highlight.js with its common languages and a dark theme.
import hljs from "highlight.js/lib/common";
import "highlight.js/styles/github-dark.css";

/** The highlighter, once this chunk is loaded. */
export default hljs;
