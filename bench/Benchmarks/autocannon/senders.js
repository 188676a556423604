'use strict'
// Drives the API with autocannon's programmatic API, one path per connection, so that each sender can have its own
// character: node senders.js CONFIG.json, where CONFIG is {url, paths, seconds, headers, body}. Prints two lines:
// "ready", then autocannon's counts and latencies and this process's CPU time from "ready" on (user + system, in seconds).
const fs = require('fs')
const autocannon = require('autocannon')

const config = JSON.parse(fs.readFileSync(process.argv[2], 'utf8'))
// The caller starts its clocks on this line: node's start-up and loading autocannon are behind us.
process.stdout.write('ready\n')
const cpuAtStart = process.cpuUsage()
let next = 0

autocannon({
  url: config.url,
  connections: config.paths.length,
  duration: config.seconds,
  method: 'POST',
  headers: config.headers,
  body: config.body,
  // Called once per connection: each connection sends to its own path for the whole run.
  setupClient: (client) => {
    const path = config.paths[next++ % config.paths.length]
    client.setRequests([{ method: 'POST', path, headers: config.headers, body: config.body }])
  }
}, (error, result) => {
  if (error) {
    console.error(error)
    process.exit(1)
  }

  const cpu = process.cpuUsage(cpuAtStart)
  process.stdout.write(JSON.stringify({
    ok: result['2xx'],
    non2xx: result.non2xx,
    errors: result.errors,
    timeouts: result.timeouts,
    duration: result.duration,
    latency: result.latency,
    cpuSeconds: (cpu.user + cpu.system) / 1e6
  }) + '\n')
})
