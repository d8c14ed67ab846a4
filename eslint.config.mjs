// eslint (make lint-js) for the JavaScript the LMS serves as it is, with no build step: the
// blocks' (revmentor_plugin/xblocks/public) and the staff page's (revmentor_plugin/static).
// Plain browser scripts (not modules): the blocks' init functions are globals the XBlock runtime
// calls, each marked `/* exported */`, and RevMentor is the one global they share.
import js from "@eslint/js";
import globals from "globals";

export default [
  {
    ignores: ["**/node_modules/", ".venv/", ".venv-tutor/", "tutor-contrib-revmentor/build/", "artifacts/", "build/", "dist/", "sandbox/var/"],
  },
  js.configs.recommended,
  {
    files: ["revmentor_plugin/**/*.js"],
    languageOptions: {
      ecmaVersion: 2020,
      sourceType: "script",
      globals: { ...globals.browser },
    },
  },
];
