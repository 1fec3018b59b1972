export {};
//# sourceMappingURL=turn-controller.js.map