#!/usr/bin/env python3
"""CPU samples of a dotnet-trace speedscope export (bench/http-ingest.sh --trace) grouped by component.

Each on-CPU interval is charged to the leaf-most frame outside the base library (CoreLib, collections, LINQ, tasks),
and that frame's module decides the component. Samples with only base-library frames are thread-pool dispatch and
spinning. Usage: python3 bench/speedscope-components.py FILE.speedscope.json [FILE ...]
"""
import collections, json, re, sys

BASE = re.compile(r'^(System\.Private\.CoreLib|System\.Collections|System\.Linq|System\.Runtime|System\.Memory|\?|CPU_TIME|UNMANAGED|System\.Threading!|System\.Threading\.Tasks)')
COMPONENTS = [
    ('HTTP I/O (sockets, pipelines, Kestrel)', r'^(System\.Net\.Sockets|System\.IO\.Pipelines|Microsoft\.AspNetCore\.Server\.Kestrel)'),
    ('authentication, authorization', r'^(Microsoft\.AspNetCore\.Authentication|Microsoft\.AspNetCore\.Authorization|System\.Security\.Cryptography)'),
    ('rate limiting', r'RateLimiting'),
    ('System.Text.Json', r'^System\.Text\.Json'),
    ('tracing and metrics (Activity, OpenTelemetry)', r'^(System\.Diagnostics\.DiagnosticSource|OpenTelemetry)'),
    ('grain storage serialization (memory store: Newtonsoft)', r'^(Newtonsoft|Orleans\.Persistence)'),
    ('SQLite', r'^(Microsoft\.Data\.Sqlite|SQLitePCL)'),
    ('Orleans runtime, messaging, serializer', r'^Orleans'),
    ('engine grains (Engine.Grains)', r'^Engine\.Grains'),
    ('Gateway code (Engine.Gateway)', r'^Engine\.Gateway'),
    ('other ASP.NET Core and DI', r'^Microsoft\.(AspNetCore|Extensions)'),
    ('thread pool dispatch, spinning, GC (base library only)', r'^(Thread \(|base library only)'),
]

def components(path):
    data = json.load(open(path)); frames = [f['name'] for f in data['shared']['frames']]
    acc = collections.Counter(); total = 0.0
    for profile in data['profiles']:
        stack, last = [], None
        for event in profile['events']:
            at = event['at']
            if last is not None and stack and frames[stack[-1]] == 'CPU_TIME':
                module = next((frames[f].split('!')[0] for f in reversed(stack) if not BASE.search(frames[f])), 'base library only')
                name = next((n for n, rx in COMPONENTS if re.search(rx, module)), 'other')
                acc[name] += at - last; total += at - last
            last = at
            if event['type'] == 'O': stack.append(event['frame'])
            else: stack.pop()
    return total, acc

for path in sys.argv[1:]:
    total, acc = components(path)
    print(f'{path}: {total / 1000:.1f} s on CPU (all threads)')
    for name, ms in acc.most_common(): print(f'  {100 * ms / total:5.1f} %  {name}')
