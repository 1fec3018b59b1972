export {};
//# sourceMappingURL=turn-hooks.js.map