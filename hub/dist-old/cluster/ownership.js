/** One hub alone: it owns everything, nobody else ever writes. */
export class LocalOwnership {
    nodeId;
    constructor(nodeId) {
        this.nodeId = nodeId;
    }
    acquire() {
        return Promise.resolve(true);
    }
    holder() {
        return Promise.resolve(this.nodeId);
    }
    release() {
        return Promise.resolve();
    }
    close() {
        return Promise.resolve();
    }
}
//# sourceMappingURL=ownership.js.map