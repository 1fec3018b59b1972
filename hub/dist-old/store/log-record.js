export {};
//# sourceMappingURL=log-record.js.map