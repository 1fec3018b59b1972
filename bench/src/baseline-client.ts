// Baseline for B2: a plain Socket.IO client in its own process that answers every ping's ack.
import { io } from "socket.io-client";

const socket = io(process.argv[2] ?? "", { transports: ["websocket"] });
socket.on("ping-ack", (payload: unknown, ack: (value: unknown) => void) => ack(payload));
socket.on("connect", () => process.stdout.write("baseline client connected\n"));
