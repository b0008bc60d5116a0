import type {
  AgentClientToServerEvents,
  AgentServerToClientEvents,
  AgentSocketData,
  InterServerEvents,
  VisitorClientToServerEvents,
  VisitorServerToClientEvents,
  VisitorSocketData,
} from '@parley/protocol';
import type { Namespace, RemoteSocket, Server, Socket } from 'socket.io';

// Socket.IO's types bound to Parley's two contracts, apart from the code that builds the namespaces: every
// handler and collaborator names these, and none of them may depend on what registers the handlers.

export type AgentNamespace = Namespace<AgentClientToServerEvents, AgentServerToClientEvents, InterServerEvents, AgentSocketData>;
export type AgentSocket = Socket<AgentClientToServerEvents, AgentServerToClientEvents, InterServerEvents, AgentSocketData>;
/** A socket as fetchSockets returns it: on this instance or another, with its rooms and data. */
export type AgentRemoteSocket = RemoteSocket<AgentServerToClientEvents, AgentSocketData>;
export type ParleyIo = Server<AgentClientToServerEvents, AgentServerToClientEvents, InterServerEvents, AgentSocketData>;

/** Visitors take part in no inter-server events. */
type NoEvents = Record<never, never>;
export type VisitorNamespace = Namespace<VisitorClientToServerEvents, VisitorServerToClientEvents, NoEvents, VisitorSocketData>;
export type VisitorSocket = Socket<VisitorClientToServerEvents, VisitorServerToClientEvents, NoEvents, VisitorSocketData>;
