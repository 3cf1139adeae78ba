/**
 * The bench layer (docs/architecture.md: transport → framing → protocol drivers → session).
 * Browser-safe: the Node adapter lives in ./node/ and is imported by tools and tests only.
 */
export * from './types.ts';
export * from './errors.ts';
export { type BenchDriver, type BenchIdentity, type BenchProtocol, type DriverEvent, type FaultCode, type Listener } from './driver.ts';
export { connectBench, DEFAULT_SERIAL_OPTIONS, type ConnectOptions, type Connection } from './connect.ts';

export { SerialTransport, type ByteLink, type LinkConsumer, type TransportEvent } from './transport/transport.ts';
export { Trace, type TraceEntry } from './transport/trace.ts';
export { isRecoverableSerialError, RECOVERABLE_SERIAL_ERRORS } from './transport/serialErrors.ts';
export { availablePortSource, grantedSerialPorts, requestSerialPort, type PortSource } from './transport/ports.ts';

export { LineFramer, MAX_LINE_BYTES } from './framing/lineFramer.ts';
export { RtuFramer, t35Ms } from './framing/rtuFramer.ts';

export { Wmb1Driver } from './wmb1/driver.ts';
export { decodeMessage, decodeCommand, encodeCommand, encodeMessage, type LineFault } from './wmb1/codec.ts';
export { xorChecksum, withChecksum } from './wmb1/checksum.ts';
export type { Wmb1Message, Wmb1Command, BenchState, BenchMethod, ReferenceUnit } from './wmb1/messages.ts';

export { MtSicsDriver, type Weight } from './mtsics/driver.ts';
export { parseMtSics, type MtSicsReply } from './mtsics/parse.ts';

export { ModbusRtuDriver, type BenchReading } from './modbus/driver.ts';
export { crc16Modbus, withCrc, crcOk } from './modbus/crc.ts';
export { parseReply, type ModbusReply } from './modbus/frames.ts';
export { parseRegisterMap, parseRegisterMapText, registerMapSchema, type RegisterMap, type RegisterDef } from './modbus/registerMap.ts';
export { decodeRegisters, encodeRegisters } from './modbus/values.ts';

export { createDemoPort, DemoPort, type DemoPortOptions } from './sim/demoPort.ts';
export { seedOf } from './sim/prng.ts';
export { Wmb1BenchSim, type Wmb1SimOptions, type Wmb1SimFault } from './sim/wmb1Bench.ts';
export { MtSicsBalanceSim, type MtSicsSimOptions, type MtSicsSimFault } from './sim/mtsicsBalance.ts';

export { VerificationSession, type SessionPlan, type PlannedPoint, type SlotProgress } from './session/session.ts';
export type { SessionSnapshot } from './session/snapshot.ts';
export type { SeqRange } from './session/runLines.ts';
export { SessionRecorder, type RecordTarget, type RecordedRun, type RecordedVerdict, type RecorderProblem } from './recorder/sessionRecorder.ts';
export { journalEntrySchema, parseJournalEntry, sessionContextOf, snapshotOf, type JournalEntry, type JournalRun, type SessionContext } from './recorder/journal.ts';
export type { SessionEvent, SessionListener, SessionState, PositionResult } from './session/events.ts';
export { ScanInput, checkSerial, type KeyPress } from './session/scanner.ts';
export { referenceOf, runOf, type FlowBench } from './session/flowBench.ts';

export {
  BENCH_CONFIG_FORMAT,
  benchConfigSchema,
  isPlcConfig,
  methodOf,
  parseBenchConfig,
  parseBenchConfigText,
  plcRegisters,
  type BenchConfig,
  type BenchReference,
  type BenchTiming,
  type Output,
  type PlcConfig,
  type PlcSetup,
  type SerialLink,
} from './config/benchConfig.ts';
export { openPlcBench } from './orchestrated/plcBench.ts';
export type { ManualReader, PlcBenchConnection, PlcBenchOptions, ReadingRequest } from './orchestrated/types.ts';
export { decodeStep, encodeStep, readingValue, type StepLine } from './orchestrated/steps.ts';
export { OrchestratedReplay, replayOrchestratedRuns, type OrchestratedLine, type OrchestratedRun } from './orchestrated/replay.ts';
export { rebuildMeterRuns, replayBenchRuns, type BenchReplayLine } from './replay.ts';
export { createDemoPlcBench, type DemoPlcBench, type DemoPlcBenchOptions, type PlcBenchFault, type PlcBenchModelView } from './sim/demoPlcBench.ts';
export { scaledClock } from './sim/scaledClock.ts';
