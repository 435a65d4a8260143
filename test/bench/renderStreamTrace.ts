// Reads a Chromium trace (playwright's browser.startTracing / stopTracing) of one streamed answer:
// how much of the page's main thread was busy between the two performance marks the page driver
// sets, in wall time and in CPU time, and its longest task. CPU time (the trace's thread clock)
// does not count the time the renderer waited for a core on a loaded machine; wall time does.

interface TraceEvent {
  name: string;
  cat: string;
  ph: string;
  pid: number;
  tid: number;
  ts: number;
  dur?: number;
  tdur?: number;
  id?: number | string;
  id2?: { local?: string; global?: string };
  args?: { data?: { startTime?: number; url?: string } };
}

/** The page's clock (performance.now() ms) on which the window is given. */
export interface PageWindow {
  from: number;
  to: number;
}

export interface MainThreadBusy {
  /** Sum of the main thread's top-level tasks between the marks (ms of wall time). */
  busyWallMs: number;
  /** The same tasks' thread CPU time (ms). */
  busyCpuMs: number;
  /** The longest single top-level task (ms of wall time), and its CPU time. */
  longestTaskMs: number;
  longestTaskCpuMs: number;
  tasks: number;
  /** Chromium's animation frames (first task of a frame → its rendering done), longest first (ms). */
  longestFrameMs: number;
  /** The most CPU time any one of those frames took. */
  longestFrameCpuMs: number;
  frames: number;
  breakdownCpuMs: BusyBreakdown;
  /** The frame with the most CPU time: when it began (page clock, ms) and its CPU time by trace event (self time), most first. */
  longestFrame: { at: number; selfCpuMs: Array<[string, number]> } | null;
  /** CPU time of the tasks that only ran the bench's driver (see driverOnlyTasks): not the panel's work. */
  driverCpuMs: number;
}

const START_MARK = 'codewright-stream-start';
/** The scheduler's top-level task event, under the `toplevel` category. */
const TASK_EVENT = 'ThreadControllerImpl::RunTask';
/** The trace categories this reader needs. */
export const TRACE_CATEGORIES = ['toplevel', 'blink.user_timing', 'devtools.timeline'];

export interface PageTrace {
  /** The page's main thread. */
  pid: number;
  tid: number;
  /** Trace µs of page time 0. */
  origin: number;
  /** That thread's top-level tasks, by start. */
  tasks: TraceEvent[];
  /** Its animation frames: [start, end] in trace µs. */
  frames: Array<[number, number]>;
  /** Its rendering and GC phases (style, layout, paint, GC), to say where busy time went. */
  phases: TraceEvent[];
  /** Every complete event on it, by start (for the longest frame's breakdown). */
  events: TraceEvent[];
  /** The tasks that ran only the bench driver's script (see driverOnlyTasks). */
  driverTasks: Set<TraceEvent>;
}

/** Where main-thread CPU time went (ms); script is what is left of the busy time. */
export interface BusyBreakdown {
  styleLayout: number;
  paint: number;
  gc: number;
}

const PHASE_OF: Record<string, keyof BusyBreakdown> = {
  UpdateLayoutTree: 'styleLayout',
  Layout: 'styleLayout',
  PrePaint: 'paint',
  Paint: 'paint',
  Layerize: 'paint',
  Commit: 'paint',
  MinorGC: 'gc',
  MajorGC: 'gc',
};

/** Parses a trace of a page that set the stream-start mark. */
export function readPageTrace(trace: Buffer): PageTrace {
  const parsed = JSON.parse(trace.toString('utf8')) as { traceEvents?: TraceEvent[] } | TraceEvent[];
  const events = (Array.isArray(parsed) ? parsed : (parsed.traceEvents ?? [])).sort((a, b) => a.ts - b.ts);
  const start = events.find((event) => event.name === START_MARK);
  const pageTime = start?.args?.data?.startTime;
  if (!start || pageTime === undefined) throw new Error(`the trace has no ${START_MARK} mark`);
  const onThread = events.filter((event) => event.pid === start.pid && event.tid === start.tid);
  const parsedTrace: PageTrace = {
    pid: start.pid,
    tid: start.tid,
    // Trace timestamps are µs on another origin; the mark carries both clocks.
    origin: start.ts - pageTime * 1000,
    tasks: onThread.filter((event) => event.ph === 'X' && event.name === TASK_EVENT),
    frames: animationFrames(onThread),
    // Outer first where two start together (mainThreadBusy counts only the outermost).
    phases: onThread.filter((event) => event.ph === 'X' && PHASE_OF[event.name] !== undefined).sort((a, b) => a.ts - b.ts || (b.dur ?? 0) - (a.dur ?? 0)),
    events: onThread.filter((event) => event.ph === 'X'),
    driverTasks: new Set(),
  };
  parsedTrace.driverTasks = driverOnlyTasks(parsedTrace.tasks, parsedTrace.events);
  return parsedTrace;
}

/** Where the panel's own script comes from; the driver is evaluated into the page (no URL). */
const PANEL_SCRIPT = '/dist/webview.js';
/** Events in a task that make it the panel's, whoever called it. */
const PANEL_WORK = new Set(['HandlePostMessage', 'FireAnimationFrame', 'EventDispatch', ...Object.keys(PHASE_OF)]);

/**
 * The tasks in which only the bench's page driver ran: its pacing timer (a tick per delta) and the
 * DeltaBatcher's flush timer stand in for the extension host, which runs in another process. Their
 * whole CPU time (the task around the script too) is not the panel's; the message each flush posts
 * is handled in a task of its own (HandlePostMessage), which counts.
 */
function driverOnlyTasks(tasks: TraceEvent[], events: TraceEvent[]): Set<TraceEvent> {
  const driver = new Set<TraceEvent>();
  let next = 0;
  for (const task of tasks) {
    const end = task.ts + (task.dur ?? 0);
    while (next < events.length && events[next]!.ts < task.ts) next += 1;
    let driverScript = false;
    let panelWork = false;
    for (let index = next; index < events.length && events[index]!.ts <= end; index += 1) {
      const event = events[index]!;
      if (event === task) continue;
      if (PANEL_WORK.has(event.name)) panelWork = true;
      else if (event.name === 'FunctionCall') {
        if (event.args?.data?.url?.endsWith(PANEL_SCRIPT)) panelWork = true;
        else driverScript = true;
      }
      if (panelWork) break;
    }
    if (driverScript && !panelWork) driver.add(task);
  }
  return driver;
}

function animationFrames(events: TraceEvent[]): Array<[number, number]> {
  const open = new Map<string, number>();
  const frames: Array<[number, number]> = [];
  for (const event of events) {
    if (event.name !== 'AnimationFrame') continue;
    const key = JSON.stringify(event.id2 ?? event.id);
    if (event.ph === 'b') open.set(key, event.ts);
    else if (event.ph === 'e') {
      const begin = open.get(key);
      open.delete(key);
      if (begin !== undefined) frames.push([begin, event.ts]);
    }
  }
  return frames;
}

/** Wall and CPU time of the main thread's tasks inside [from, to] (trace µs). */
function taskTime(trace: PageTrace, from: number, to: number): { wall: number; cpu: number; count: number; longest: number; longestCpu: number; driverCpu: number } {
  const total = { wall: 0, cpu: 0, count: 0, longest: 0, longestCpu: 0, driverCpu: 0 };
  let coveredUntil = -Infinity;
  for (const task of trace.tasks) {
    const dur = task.dur ?? 0;
    // A task run inside another (a nested loop) is part of its parent's time: count it once.
    if (task.ts + dur <= coveredUntil) continue;
    coveredUntil = task.ts + dur;
    // Only the part inside the window counts (a task can straddle its edges).
    const inside = Math.min(task.ts + dur, to) - Math.max(task.ts, from);
    if (inside <= 0) continue;
    total.count += 1;
    total.wall += inside;
    const cpu = ((task.tdur ?? dur) * inside) / Math.max(dur, 1);
    total.cpu += cpu;
    if (trace.driverTasks.has(task)) total.driverCpu += cpu;
    if (dur > total.longest) {
      total.longest = dur;
      total.longestCpu = task.tdur ?? dur;
    }
  }
  return total;
}

/** Main-thread work of the page between `window.from` and `window.to` (page clock, ms). */
export function mainThreadBusy(trace: PageTrace, window: PageWindow): MainThreadBusy {
  const from = trace.origin + window.from * 1000;
  const to = trace.origin + window.to * 1000;
  const time = taskTime(trace, from, to);
  let longestFrame = 0;
  let longestFrameCpu = 0;
  let frames = 0;
  let cpuLongest: [number, number] | undefined;
  for (const [begin, end] of trace.frames) {
    if (begin < from || begin > to) continue;
    frames += 1;
    longestFrame = Math.max(longestFrame, end - begin);
    const cpu = taskTime(trace, begin, end).cpu;
    if (cpu > longestFrameCpu) cpuLongest = [begin, end];
    longestFrameCpu = Math.max(longestFrameCpu, cpu);
  }
  const breakdownCpuMs: BusyBreakdown = { styleLayout: 0, paint: 0, gc: 0 };
  // Phases nest (a Paint of the document holds the Paint of <html>; a GC can run inside a layout):
  // only the outermost one counts, or its time would be counted twice.
  let phaseUntil = -Infinity;
  for (const phase of trace.phases) {
    const end = phase.ts + (phase.dur ?? 0);
    if (end <= phaseUntil) continue;
    phaseUntil = end;
    if (phase.ts >= from && phase.ts <= to) breakdownCpuMs[PHASE_OF[phase.name]!] += (phase.tdur ?? phase.dur ?? 0) / 1000;
  }
  return {
    breakdownCpuMs,
    busyWallMs: time.wall / 1000,
    busyCpuMs: time.cpu / 1000,
    driverCpuMs: time.driverCpu / 1000,
    longestTaskMs: time.longest / 1000,
    longestTaskCpuMs: time.longestCpu / 1000,
    tasks: time.count,
    longestFrameMs: longestFrame / 1000,
    longestFrameCpuMs: longestFrameCpu / 1000,
    frames,
    longestFrame: cpuLongest ? { at: (cpuLongest[0] - trace.origin) / 1000, selfCpuMs: selfTimeByEvent(trace, cpuLongest[0], cpuLongest[1]) } : null,
  };
}

/** CPU time of the events inside [from, to] (trace µs) by name, each without the events nested in it (ms, most first). */
function selfTimeByEvent(trace: PageTrace, from: number, to: number): Array<[string, number]> {
  const self = new Map<string, number>();
  const open: Array<{ event: TraceEvent; end: number }> = [];
  for (const event of trace.events) {
    if (event.ts < from || event.ts > to) continue;
    const end = event.ts + (event.dur ?? 0);
    while (open.length > 0 && open[open.length - 1]!.end <= event.ts) open.pop();
    const cpu = (event.tdur ?? event.dur ?? 0) / 1000;
    const parent = open[open.length - 1];
    if (parent) self.set(parent.event.name, (self.get(parent.event.name) ?? 0) - cpu);
    self.set(event.name, (self.get(event.name) ?? 0) + cpu);
    open.push({ event, end });
  }
  return [...self.entries()].filter(([, ms]) => ms >= 0.5).sort((a, b) => b[1] - a[1]);
}
