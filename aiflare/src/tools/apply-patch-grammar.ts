import type { CustomToolSpec } from "../model/model-client.js";

/**
 * The `*** Begin Patch` format as a Lark grammar, for models trained on apply_patch as a
 * freeform tool (gpt-5.1 and later, the `*-codex` models): the API constrains what they write
 * to this grammar, so a patch always parses.
 */
export const APPLY_PATCH_LARK = String.raw`start: begin operation+ end
begin: "*** Begin Patch" LF
end: "*** End Patch" LF?

operation: add_op | delete_op | update_op
add_op: "*** Add File: " path LF plus_line+
delete_op: "*** Delete File: " path LF
update_op: "*** Update File: " path LF move_op? chunk?
move_op: "*** Move to: " path LF

chunk: (header | diff_line)+ eof_marker?
header: ("@@" | "@@ " /(.+)/) LF
diff_line: ("+" | "-" | " ") /(.*)/ LF
plus_line: "+" /(.*)/ LF
eof_marker: "*** End of File" LF

path: /(.+)/

%import common.LF
`;

/** apply_patch as a freeform tool: the model's raw text is the patch. */
export const APPLY_PATCH_FREEFORM_TOOL: CustomToolSpec = {
  type: "custom",
  name: "apply_patch",
  description:
    "Edits files with a patch in the *** Begin Patch format. Send the patch itself as the input, not JSON. Paths are relative to the working directory; Update hunks carry 3 lines of context around each change.",
  format: { type: "grammar", syntax: "lark", definition: APPLY_PATCH_LARK },
};
