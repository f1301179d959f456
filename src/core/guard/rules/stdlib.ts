/**
 * The standard library: `os` and `shutil` file operations, and commands run
 * through `os.system`, `os.popen` and `subprocess`.
 */
import { UNKNOWN, Value, interpolate, textOf } from '../values';
import { Rule, RuleContext, argument } from './rule';

const OS_DELETES = /^os\.(remove|unlink|rmdir|removedirs)$/;
const OS_CREATES = /^os\.(makedirs|mkdir|mknod|symlink|link|truncate)$/;
const OS_MOVES = /^(os\.(rename|renames|replace)|shutil\.move)$/;
const SHUTIL_COPIES = /^shutil\.(copy|copy2|copyfile|copytree|copymode|copystat)$/;
const SHELL = /^(os\.(system|popen)|subprocess\.(run|call|check_call|check_output|Popen|getoutput|getstatusoutput))$/;

function report(context: RuleContext, operation: string, value: Value | undefined, effect: 'write' | 'delete'): void {
  const text = textOf(value);
  if (text !== null && value?.kind !== 'number') {
    context.report({ operation, target: { kind: 'path', text }, effect });
  }
}

/** `["rm", "-rf", path]` or `"rm -rf " + path` as one command line. */
function commandLine(value: Value | undefined): string | null {
  if (value?.kind === 'list' && !value.element) {
    return value.items
      .map(item => {
        const text = interpolate(item);
        return /\s/.test(text) ? `'${text}'` : text;
      })
      .join(' ');
  }
  return textOf(value);
}

export const stdlibRule: Rule = {
  call(site, context) {
    const name = site.qualified ?? '';
    if (name === 'shutil.rmtree' || OS_DELETES.test(name)) {
      report(context, name, argument(site, 0, 'path'), 'delete');
    } else if (OS_CREATES.test(name)) {
      report(context, name, site.args[name === 'os.symlink' || name === 'os.link' ? 1 : 0] ?? site.kwargs.get('name'), 'write');
    } else if (OS_MOVES.test(name)) {
      report(context, name, argument(site, 0, 'src'), 'delete');
      report(context, name, argument(site, 1, 'dst'), 'write');
    } else if (SHUTIL_COPIES.test(name)) {
      report(context, name, argument(site, 1, 'dst'), 'write');
    } else if (SHELL.test(name)) {
      const command = commandLine(argument(site, 0, 'args', 'command', 'cmd'));
      if (command !== null) {
        context.shell(command);
      }
    } else {
      return undefined;
    }
    return UNKNOWN;
  }
};
