// A replica for rehearsal tests: says who it is, burns CPU, answers slowly or writes a log line on request.
const http = require('http');
const os = require('os');

const port = Number(process.env.PORT || 3000);

function burn(ms) {
  const end = Date.now() + ms;
  let x = 0;
  while (Date.now() < end) {
    x += Math.sqrt(x + 1);
  }
  return x;
}

let lastHealthCheck = {};

const server = http.createServer((req, res) => {
  const url = new URL(req.url, 'http://localhost');
  if (url.pathname === '/health') {
    lastHealthCheck = { userAgent: req.headers['user-agent'], httpVersion: req.httpVersion, method: req.method,
      upgrade: req.headers.upgrade || null };
    res.end('ok');
  } else if (url.pathname === '/last-health-check') {
    res.setHeader('Content-Type', 'application/json');
    res.end(JSON.stringify(lastHealthCheck));
  } else if (url.pathname === '/burn') {
    burn(Number(url.searchParams.get('ms') || 50));
    res.end(os.hostname());
  } else if (url.pathname === '/log') {
    console.log(url.searchParams.get('text'));
    res.end('logged');
  } else if (url.pathname === '/slow') {
    setTimeout(() => res.end('slow ' + os.hostname()), Number(url.searchParams.get('ms') || 1000));
  } else {
    res.end(os.hostname());
  }
});

server.listen(port, () => console.log('listening on ' + port));
process.on('SIGTERM', () => server.close(() => process.exit(0)));
