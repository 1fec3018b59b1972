export {};
//# sourceMappingURL=terminal-host.js.map