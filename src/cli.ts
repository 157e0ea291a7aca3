import { Command, CommanderError, InvalidArgumentError, Option } from 'commander'
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { buildCommand } from './commands/build.js'
import { checkCommand } from './commands/check.js'
import { diffCommand } from './commands/diff.js'
import { CI_TEMPLATES, initCommand, type CiService } from './commands/init.js'
import { inspectCommand } from './commands/inspect.js'
import { previewCommand } from './commands/preview.js'
import { validateCommand } from './commands/validate.js'
import { verifyCommand } from './commands/verify.js'
import { countOption, countOptionError, describeSystemError } from './commands/report.js'
import { EXIT_COURSE_ERRORS, EXIT_USAGE, processIo, type Io } from './io.js'
import { toolRoot } from './paths.js'
import { closest } from './course/suggest.js'
import { isTargetName, targetNames, targets, type TargetName } from './targets/index.js'

/**
 * --target as written: repeated (`-t scorm12 -t xapi`) and comma lists (`-t scorm12,xapi`) add up, `all`
 * is every target; an unknown name is a usage error listing the names of the targets table.
 */
function addTargets(value: string, previous: TargetName[] | undefined): TargetName[] {
  const chosen = new Set(previous ?? [])
  for (const name of value.split(',').map((n) => n.trim())) {
    if (name === 'all') targetNames.forEach((n) => chosen.add(n))
    else if (isTargetName(name)) chosen.add(name)
    else {
      const suggestion = closest(name, [...targetNames, 'all'])
      throw new InvalidArgumentError(`"${name}" is not a target.${suggestion ? ` Did you mean "${suggestion}"?` : ''} Targets: ${targetNames.join(', ')}, or all.`)
    }
  }
  return [...chosen]
}

const DEFAULT_TARGET: TargetName = 'scorm12'

const version = (JSON.parse(readFileSync(join(toolRoot, 'package.json'), 'utf8')) as { version: string }).version

/** Runs coursepack with these arguments; returns the exit code: 0 ok, 1 course errors, 2 usage errors. */
export async function main(argv: string[], io: Io = processIo): Promise<number> {
  let code = 0
  const program = new Command('coursepack')
    .description('Compile courses written in Markdown and YAML into e-learning packages any LMS imports.')
    .version(version, '-v, --version')
    .exitOverride()
    .showHelpAfterError('(run with --help for usage)')
    .configureOutput({ writeOut: io.out, writeErr: io.err })

  const targetHelp = targetNames.map((n) => `${n} (${targets[n].title})`).join(', ')
  program.command('build')
    .description('Build courses into packages: one zip per target; several course folders build at once, one per core')
    .argument('<courses...>', 'the course folder (holds course.yaml), or several (`coursepack build courses/*`)')
    .option('-t, --target <targets>', `what to build: ${targetHelp}, or all; repeat it or list several with commas (default: ${DEFAULT_TARGET})`, addTargets)
    .option('-o, --out <dir>', 'where the zips go', 'dist')
    .option('--json', 'print a machine-readable report on stdout (each zip\'s path, target, bytes and sha256)')
    .option('-j, --jobs <n>', 'with several courses, how many build at once (default: one per core)')
    .addOption(new Option('--catalogue-worker', 'internal: a catalogue build\'s worker process, course folders on stdin').hideHelp())
    .addHelpText('after', '\nZips are named <id>-<version>-<target>.zip and are byte-identical for identical sources\n(set SOURCE_DATE_EPOCH to choose the date stored in them).')
    .action(async (dirs: string[], opts: { target?: TargetName[]; out: string; json?: boolean; jobs?: string; catalogueWorker?: boolean }) => {
      const jobs = opts.jobs === undefined ? undefined : countOption(opts.jobs)
      if (opts.jobs !== undefined && jobs === undefined) {
        io.err(`${countOptionError('--jobs', opts.jobs)}\n`)
        code = EXIT_USAGE
        return
      }
      code = await buildCommand(dirs, { ...opts, jobs, targets: opts.target ?? [DEFAULT_TARGET] }, io)
    })

  program.command('validate')
    .description('Check a course\'s sources without building; reports every problem as file:line:col')
    .argument('<course>', 'the course folder (holds course.yaml)')
    .option('--json', 'print a machine-readable report on stdout')
    .action(async (dir: string, opts: { json?: boolean }) => {
      code = await validateCommand(dir, opts, io)
    })

  program.command('preview')
    .description('Build a course and show it in a local LMS page that rebuilds on every change')
    .argument('<course>', 'the course folder (holds course.yaml)')
    .option('-t, --target <target>', `how the page hosts it, one of: ${targetHelp} (default: ${DEFAULT_TARGET})`, addTargets)
    .option('-p, --port <port>', 'the port to listen on (default: any free port)')
    .option('--host <address>', 'the address to listen on; other than 127.0.0.1 lets other machines in', '127.0.0.1')
    .option('--open', 'open the page in the default browser')
    .addHelpText('after', '\nThe page shows the course with a panel of what the LMS records: status, score, suspend data against its\nlimit, interactions, and every API call or statement, with values Moodle would refuse marked. Ctrl-C stops it.')
    .action(async (dir: string, opts: { target?: TargetName[]; port?: string; host?: string; open?: boolean }) => {
      const [target = DEFAULT_TARGET, ...more] = opts.target ?? []
      if (more.length > 0) {
        io.err(`preview shows one target at a time, and --target names ${opts.target!.length}: ${opts.target!.join(', ')}. Pick one; run another preview (it takes its own port) to see a second target.\n`)
        code = EXIT_USAGE
        return
      }
      code = await previewCommand(dir, { ...opts, target }, io)
    })

  program.command('check')
    .description('Run a package through a scripted learner in a local LMS page in headless Chromium; fails if it would not work in an LMS')
    .argument('<packages...>', 'the package zips (SCORM 1.2, SCORM 2004, xAPI, cmi5 or web); several share one browser')
    .option('--browser <path>', 'the Chromium or Chrome to use (default: $COURSEPACK_CHROMIUM, then the usual install paths)')
    .option('--json', 'print the whole report, with the API and statement logs, on stdout')
    .option('--timeout <seconds>', 'stop starting scenarios after this long; the one running is cut short (default: 600)')
    .option('--max-launches <n>', 'run at most this many launches (SCOs, AUs) of each package (default: 10)')
    .addHelpText('after', '\nAt most 10 launches (SCOs, AUs) are run unless --max-launches says more. Exit codes: 0 the package works,\n1 it would not work in an LMS (or ran out of time), 2 usage error, no browser, not a zip, or a zip refused unread\n(zip bomb, overlapping entries).')
    .action(async (files: string[], opts: { browser?: string; json?: boolean; timeout?: string; maxLaunches?: string }) => {
      code = await checkCommand(files, opts, io)
    })

  program.command('inspect')
    .description('Say what a package zip is (standard, structure, launches, files) and whether it will work, without a browser')
    .argument('<package>', 'the package zip, from coursepack or any other tool')
    .option('--json', 'print the whole inspection on stdout')
    .option('--schemas <dir>', 'also validate the control file (imsmanifest.xml, cmi5.xml, tincan.xml) against the official XSDs in this folder')
    .addHelpText('after', '\nHostile zips (zip bombs, entries escaping the folder, symbolic links, encryption) are refused from their\ncentral directory, never unpacked. Exit codes: 0 the package will work, 1 it will not (or was refused),\n2 usage error or unreadable file.')
    .action(async (file: string, opts: { json?: boolean; schemas?: string }) => {
      code = await inspectCommand(file, opts, io)
    })

  program.command('diff')
    .description('Say whether a new version of a course can replace the old package without learners losing their progress')
    .argument('<old>', 'the package zip learners are using now')
    .argument('<new>', 'the new package zip, or the course folder (built in the old package\'s target)')
    .option('--json', 'print the comparison on stdout')
    .addHelpText('after', '\nCompares SCO/AU identifiers, course and activity ids, and the pages and questions by id. Exit codes:\n0 safe to upload over the old package (Moodle: "replace the package"), 1 not safe (reasons listed), 2 usage error.')
    .action(async (oldZip: string, next: string, opts: { json?: boolean }) => {
      code = await diffCommand(oldZip, next, opts, io)
    })

  program.command('init')
    .description('Create a new course from the skeleton')
    .argument('<dir>', 'the new course folder (must not exist, or be empty)')
    .option('--ci <service>', `also write a CI workflow that validates, builds, checks and releases the course: ${Object.keys(CI_TEMPLATES).join(', ')}`, (value: string) => {
      if (!(value in CI_TEMPLATES)) throw new InvalidArgumentError(`"${value}" is not a CI service coursepack writes a workflow for: ${Object.keys(CI_TEMPLATES).join(', ')}.`)
      return value as CiService
    })
    .action(async (dir: string, opts: { ci?: CiService }) => {
      code = await initCommand(dir, io, opts)
    })

  program.command('verify')
    .description('Check a certificate\'s verification code against the course, the learner\'s name and the date it carries')
    .argument('<code>', 'the verification code printed on the certificate, such as 7KQ2M-9XD3F')
    .requiredOption('--course <dir>', 'the course folder the certificate is for (holds course.yaml; the version must be the one taken)')
    .requiredOption('--learner <name>', 'the learner\'s name as the certificate prints it')
    .requiredOption('--date <YYYY-MM-DD>', 'the date on the certificate')
    .addHelpText('after', '\nExit codes: 0 the code matches, 1 it does not (or the course has errors), 2 usage error.\nThe code shows that the name, date and course on a certificate belong together; it is not a signature.')
    .action(async (given: string, opts: { course: string; learner: string; date: string }) => {
      code = await verifyCommand(given, opts, io)
    })

  try {
    await program.parseAsync(argv, { from: 'user' })
  } catch (error) {
    // --help and --version end through exitOverride with code 0; every other parse error is usage.
    if (error instanceof CommanderError) return error.exitCode === 0 ? 0 : EXIT_USAGE
    return reportFailure(error, io)
  }
  if (argv.length === 0) {
    program.outputHelp()
    return EXIT_USAGE
  }
  return code
}

/**
 * The one place a failure that escaped a command ends: a system error (no permission, disk full, a path that is
 * a file) is one line naming the path; anything else is our bug, still one line, with the stack only on request.
 */
function reportFailure(error: unknown, io: Io): number {
  const reason = describeSystemError(error, io.cwd)
  if (reason) {
    io.err(`coursepack: ${reason}\n`)
    return EXIT_COURSE_ERRORS
  }
  const message = error instanceof Error ? error.message : String(error)
  io.err(`coursepack: unexpected error: ${message}\n`)
  if (io.env.COURSEPACK_DEBUG && error instanceof Error && error.stack) io.err(error.stack + '\n')
  else io.err('This is a bug in coursepack: please report it with the command you ran (COURSEPACK_DEBUG=1 shows where it happened).\n')
  return EXIT_COURSE_ERRORS
}
