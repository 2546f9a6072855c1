import type { Protocol } from '../../schema';

/**
 * What Mesh Advisor reads from catalog fields that teams already fill in,
 * as data. Each rule says what it implies and, in one line, why. A declared
 * `mesh-advisor.io/*` annotation always wins over anything inferred here.
 */

/** `spec.type` of a Component. A `*-` prefix matches any type ending with the rest. */
export interface ComponentTypeRule {
  types: readonly string[];
  /** False: not a running workload, so not a mesh candidate. */
  workload: boolean;
  protocols?: readonly Protocol[];
  why: string;
}

export const COMPONENT_TYPE_RULES: readonly ComponentTypeRule[] = [
  {
    types: ['*-library', 'sdk', 'npm-package', 'package'],
    workload: false,
    why: 'a library is linked into other programs; it never runs as a pod of its own',
  },
  {
    types: ['cli', 'command-line-tool'],
    workload: false,
    why: 'a command-line tool runs on laptops and CI runners, not as a pod in the cluster',
  },
  {
    types: ['monorepo', 'source-code', 'repository', 'repo', 'template'],
    workload: false,
    why: 'it describes source code; the workloads built from it need entities of their own',
  },
  {
    types: ['docs', 'techdocs'],
    workload: false,
    why: 'documentation is published, not run as a networked workload',
  },
  {
    types: ['website/service', 'webapp', 'web-app', 'web', 'frontend'],
    workload: true,
    protocols: ['http1'],
    why: 'a server-side web application answers browsers over HTTP',
  },
];

/** `metadata.tags`, lower-cased. */
export interface TagRule {
  tags: readonly string[];
  protocols: readonly Protocol[];
  why: string;
}

export const TAG_RULES: readonly TagRule[] = [
  {
    tags: ['grpc', 'grpc-web', 'protobuf'],
    protocols: ['grpc', 'http2'],
    why: 'gRPC runs over HTTP/2',
  },
  {
    tags: ['graphql', 'rest', 'rest-api', 'http', 'openapi', 'jaxrs'],
    protocols: ['http1'],
    why: 'request/response APIs over HTTP/1.1',
  },
  { tags: ['http2', 'h2c'], protocols: ['http2'], why: 'it names HTTP/2' },
  {
    tags: ['http3', 'quic'],
    protocols: ['http3'],
    why: 'HTTP/3 runs over QUIC (UDP)',
  },
  {
    tags: ['websocket', 'websockets', 'socket.io', 'socketio'],
    protocols: ['websocket'],
    why: 'long-lived upgraded HTTP connections',
  },
  {
    tags: ['udp', 'dns', 'statsd', 'rtp', 'webrtc', 'syslog-udp'],
    protocols: ['udp'],
    why: 'these speak UDP, which no sidecar mesh proxies',
  },
  {
    tags: [
      'kafka',
      'mqtt',
      'amqp',
      'rabbitmq',
      'nats',
      'activemq',
      'pulsar',
      'zeromq',
    ],
    protocols: ['tcp'],
    why: 'broker clients hold their own binary TCP protocol; the mesh sees opaque TCP to the broker',
  },
  {
    tags: [
      'redis',
      'memcached',
      'postgres',
      'postgresql',
      'mysql',
      'mariadb',
      'mongodb',
      'mongo',
      'cassandra',
      'mssql',
      'oracle',
      'tcp',
    ],
    protocols: ['tcp'],
    why: 'database and cache clients speak binary TCP protocols to their servers',
  },
];

/** `spec.type` of an API the component provides or consumes, when its definition says nothing more. */
export const API_TYPE_RULES: Readonly<
  Record<string, { protocols: readonly Protocol[]; why: string }>
> = {
  grpc: { protocols: ['grpc', 'http2'], why: 'gRPC runs over HTTP/2' },
  openapi: { protocols: ['http1'], why: 'OpenAPI describes HTTP APIs' },
  graphql: { protocols: ['http1'], why: 'GraphQL is served over HTTP' },
  asyncapi: {
    protocols: ['tcp'],
    why: 'event APIs usually go through a broker over TCP',
  },
};

/** AsyncAPI `servers.*.protocol` (and OpenAPI `servers[].url` schemes). */
export const SERVER_PROTOCOL_RULES: Readonly<
  Record<string, { protocols: readonly Protocol[]; why: string }>
> = {
  kafka: { protocols: ['tcp'], why: 'the Kafka protocol is binary TCP' },
  'kafka-secure': { protocols: ['tcp'], why: 'Kafka over TLS is TCP' },
  amqp: { protocols: ['tcp'], why: 'AMQP is binary TCP' },
  amqps: { protocols: ['tcp'], why: 'AMQP over TLS is TCP' },
  mqtt: { protocols: ['tcp'], why: 'MQTT is binary TCP' },
  'secure-mqtt': { protocols: ['tcp'], why: 'MQTT over TLS is TCP' },
  nats: { protocols: ['tcp'], why: 'NATS is a TCP protocol' },
  stomp: { protocols: ['tcp'], why: 'STOMP runs over TCP' },
  jms: { protocols: ['tcp'], why: 'JMS brokers are reached over TCP' },
  redis: { protocols: ['tcp'], why: 'Redis pub/sub is TCP' },
  ws: { protocols: ['websocket'], why: 'a WebSocket server' },
  wss: { protocols: ['websocket'], why: 'a WebSocket server over TLS' },
  http: { protocols: ['http1'], why: 'plain HTTP' },
  https: { protocols: ['http1'], why: 'HTTP over TLS' },
};

/** `spec.type` of a Resource the component dependsOn. */
export const RESOURCE_TYPE_RULES: Readonly<
  Record<string, { protocols: readonly Protocol[]; why: string }>
> = {
  database: {
    protocols: ['tcp'],
    why: 'database drivers speak binary TCP protocols',
  },
  queue: { protocols: ['tcp'], why: 'queue brokers are reached over TCP' },
  topic: {
    protocols: ['tcp'],
    why: 'topics live on a broker reached over TCP',
  },
  'message-broker': { protocols: ['tcp'], why: 'brokers are reached over TCP' },
  cache: {
    protocols: ['tcp'],
    why: 'cache clients (Redis, Memcached) use TCP',
  },
  's3-bucket': {
    protocols: ['http1'],
    why: 'object storage is an HTTPS API',
  },
  'storage-bucket': {
    protocols: ['http1'],
    why: 'object storage is an HTTPS API',
  },
};
