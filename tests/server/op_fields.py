#!/usr/bin/env python3
# op_fields.py — which request fields each op of jhd reads, from its source, against the fields
# its row of the op table (server/optable.c) declares. Used by op_fields.sh.
#
# The op's function and every function of jhd it names (calls, or hands on as a pointer, as
# appt_run is handed appt_op_book) are scanned for the field accessors: req_str, req_int and
# req_bool of a request, req_window ("window"), json_object_get of the request (r->msg, or
# appt_ops.c's req), and any function that passes one of its own parameters to those as the key
# (str_field, day_field, bound, duties...), called with a literal name.
# Prints one line per op: "OP fn=FN declared=a,b reads=a,c dynamic=EXPR;..." (dynamic: a field
# read under a name that is not a literal, which the check cannot compare).
import re
import sys
from pathlib import Path

ENVELOPE = {"op", "id"}	# the request's own fields, read by the dispatcher


def strip(text):
	"""The source without comments (string literals kept)."""
	return re.sub(r'/\*.*?\*/', lambda m: '\n' * m.group(0).count('\n'), text, flags=re.S)


def functions(path):
	"""(name, static, params, body) for each function defined in path (the house style:
	the type on its own line, the name at column 0, the braces at column 0)."""
	text = strip(path.read_text())
	out = []
	for m in re.finditer(r'^(\w[^\n;]*)\n(\w+)\(([^)]*(?:\)[^{;]*?)?)\)\n\{\n(.*?)^\}', text,
	    re.S | re.M):
		ret, name, params, body = m.groups()
		names = [re.findall(r'(\w+)\s*(?:\[[^]]*\])?\s*$', p.strip()) for p in
		    params.split(',')]
		out.append((name, ret.startswith('static'), [n[0] if n else '' for n in names],
		    body))
	# and the one-line ones: int op_user_enable(struct req *r) { return set_disabled(...); }
	for m in re.finditer(r'^(static )?[\w ]+?\b(\w+)\(([^)]*)\) \{(.*)\}$', text, re.M):
		names = [re.findall(r'(\w+)\s*$', p.strip()) for p in m.group(3).split(',')]
		out.append((m.group(2), bool(m.group(1)), [n[0] if n else '' for n in names],
		    m.group(4)))
	return out


def args_of(body, start):
	"""The top-level arguments of the call whose '(' is at body[start]."""
	depth, cur, args, i = 0, '', [], start
	while i < len(body):
		ch = body[i]
		if ch == '"':
			j = i + 1
			while body[j] != '"':
				j += 2 if body[j] == '\\' else 1
			cur += body[i:j + 1]
			i = j + 1
			continue
		if ch in '([{':
			depth += 1
			if depth == 1:
				i += 1
				continue
		elif ch in ')]}':
			depth -= 1
			if depth == 0:
				args.append(cur.strip())
				return args
		elif ch == ',' and depth == 1:
			args.append(cur.strip())
			cur = ''
			i += 1
			continue
		cur += ch
		i += 1
	return args


def main(top):
	srcs = [p for p in sorted(Path(top, 'server').glob('*.c'))
	    if p.stem not in ('jhctl', 'jhcall')]
	funcs = {}	# name -> list of (file, static, params, body)
	for p in srcs:
		for name, static, params, body in functions(p):
			funcs.setdefault(name, []).append((p.name, static, params, body))

	# accessors: function -> index of its key argument; the base ones, then every function
	# that hands one of its parameters on as an accessor's key (to a fixpoint)
	base = {'req_str': 1, 'req_int': 1, 'req_bool': 1}
	acc = {}	# (file, name) -> index of the key argument
	request_obj = re.compile(r'^(r->msg|req|msg)$')

	def resolve(ident, file):
		"""The definitions ident names from file: its own static one, else global ones."""
		defs = funcs.get(ident, [])
		own = [d for d in defs if d[0] == file]
		return own if own else [d for d in defs if not d[1]]

	def acc_of(callee, file):
		if callee in base:
			return base[callee]
		for d in resolve(callee, file):
			if (d[0], callee) in acc:
				return acc[d[0], callee]
		return None

	def reads(fname, file, body):
		"""(literal names, dynamic keys) read in body."""
		lits, dyn = set(), []
		if re.search(r'\breq_window\s*\(', body) and fname != 'req_window':
			lits.add('window')
		for m in re.finditer(r'\b(\w+)\s*\(', body):
			callee = m.group(1)
			if callee == 'json_object_get':
				a = args_of(body, m.end() - 1)
				if len(a) == 2 and request_obj.match(a[0]):
					key = a[1]
				else:
					continue
			elif acc_of(callee, file) is not None:
				a = args_of(body, m.end() - 1)
				if len(a) <= acc_of(callee, file):
					continue
				key = a[acc_of(callee, file)]
			else:
				continue
			lm = re.fullmatch(r'"(\w+)"', key)
			if lm:
				lits.add(lm.group(1))
			else:
				dyn.append(key)
		return lits, dyn

	changed = True
	while changed:
		changed = False
		for name, defs in funcs.items():
			for file, _, params, body in defs:
				for key in reads(name, file, body)[1]:
					if key in params and (file, name) not in acc:
						acc[file, name] = params.index(key)
						changed = True

	table = strip(Path(top, 'server', 'optable.c').read_text())
	# the table's macros for fields (WINDOW, APPOINTMENT(F_REQ)): the field they stand for
	for name, args, val in re.findall(r'^#define (\w+)(\([^)]*\))? ((?:.*\\\n)*.*)$',
	    table, re.M):
		field = re.match(r'\{ "(\w+)", F_', val)
		if field:
			table = re.sub(r'\b%s\b%s' % (name, r'\([^)]*\)' if args else ''),
			    '{ "%s", F_ }' % field.group(1), table)
	body = table[table.index('op_table[] = {'):]
	body = body[:body.index('\n};')]
	rows = re.split(r'\n\t\{ (?=")', body)[1:]
	ops = []
	for row in rows:
		m = re.match(r'"(\w+)",\s*[^,]+,\s*[^,]+,\s*(\w+),', row)
		declared = re.findall(r'\{ "(\w+)", F_', row[m.end():])
		ops.append((m.group(1), m.group(2), declared))
	op_fns = {fn for _, fn, _ in ops}

	for op, fn, declared in ops:
		seen, todo, lits, dyn = set(), [], set(), []
		for d in funcs.get(fn, []):
			todo.append((fn, d))
		while todo:
			name, (file, static, params, body) = todo.pop()
			if (file, name) in seen:
				continue
			seen.add((file, name))
			l, dk = reads(name, file, body)
			lits |= l
			# a key that is the function's own parameter is its caller's literal
			dyn += [k for k in dk if k not in params or (file, name) not in acc]
			for ident in set(re.findall(r'\b([a-z_]\w*)\b', body)):
				if ident in op_fns and ident != fn:
					continue	# another row's op (op_take_token runs op_take)
				for d in resolve(ident, file):
					todo.append((ident, d))
		lits -= ENVELOPE
		print('%s fn=%s declared=%s reads=%s dynamic=%s' % (op, fn, ','.join(declared),
		    ','.join(sorted(lits)), ';'.join(sorted(set(dyn)))))


if __name__ == '__main__':
	main(sys.argv[1] if len(sys.argv) > 1 else '.')
