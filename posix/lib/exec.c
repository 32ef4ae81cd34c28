/*
 * execve and its family. A Motor process cannot load a new image into
 * itself, so exec starts the program in a new kernel process that takes
 * over everything POSIX keeps across exec: the pid (the same session with
 * procd, which learns of the switch with PROC_EXEC), the parent, the
 * descriptors not marked close-on-exec (their open files, offsets
 * included), the working directory and umask. The old process then ends
 * without reporting an exit, so its parent sees only the new program's.
 *
 * "#!" scripts run their interpreter with the optional argument, the
 * script's path and the remaining arguments, as Linux does (one level).
 */
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <motor/proc.h>
#include <motor/spawn.h>

#include "internal.h"

#define SCRIPT_LINE 256

/* Reads path whole (it must be a regular file we may execute). -> -errno. */
static long read_program(const char *path, char **out, size_t *len)
{
	if (access(path, X_OK) != 0)
		return -errno;
	*out = motor_read_file(path, len);
	return *out ? 0 : -errno;
}

/*
 * For a "#!" script: the interpreter's argv (interpreter, optional
 * argument, path, argv[1...]) in *nargv (malloc'd, with its strings in
 * line). -> 1 if image was a script, 0 if not, -errno.
 */
static int script_argv(const char *image, size_t len, const char *path, char *const argv[],
		       char line[SCRIPT_LINE], char ***nargv)
{
	if (len < 2 || image[0] != '#' || image[1] != '!')
		return 0;
	size_t n = 0;
	while (2 + n < len && image[2 + n] != '\n' && n < SCRIPT_LINE - 1)
		n++;
	memcpy(line, image + 2, n);
	line[n] = '\0';
	char *p = line;
	while (*p == ' ' || *p == '\t')
		p++;
	char *interp = p;
	while (*p && *p != ' ' && *p != '\t')
		p++;
	char *arg = NULL;
	if (*p) {
		*p++ = '\0';
		while (*p == ' ' || *p == '\t')
			p++;
		if (*p) {
			arg = p;
			size_t k = strlen(arg);
			while (k && (arg[k - 1] == ' ' || arg[k - 1] == '\t' || arg[k - 1] == '\r'))
				arg[--k] = '\0';
		}
	}
	if (!*interp)
		return -ENOEXEC;
	size_t argc = 0;
	while (argv && argv[argc])
		argc++;
	char **v = malloc((argc + 4) * sizeof(*v));
	if (!v)
		return -ENOMEM;
	size_t k = 0;
	v[k++] = interp;
	if (arg)
		v[k++] = arg;
	v[k++] = (char *)path;
	for (size_t i = 1; i < argc; i++)
		v[k++] = argv[i];
	v[k] = NULL;
	*nargv = v;
	return 1;
}

static long exec_image(const char *path, const char *image, size_t len, char *const argv[],
		       char *const envp[], void *ctx)
{
	(void)ctx;
	if (!posix_proc)
		return -ENOSYS; /* without procd there is no pid to keep */
	struct spawn_entry go;
	long kproc = process_start_program(path, image, len, argv, envp, NULL, 0, posix_proc,
					   posix_pid, getppid(), 1, NULL, &go);
	if (kproc < 0)
		return kproc;
	long r = process_hand_over_and_go(PROC_EXEC, 0, kproc, path, argv, &go);
	if (r < 0)
		return r;
	/* The new program holds what it inherited; ours go now, quietly. */
	fd_close_all();
	motor_process_exit(0);
	__builtin_unreachable();
}

long posix_run_program(const char *path, char *const argv[], char *const envp[],
		       posix_program_fn fn, void *ctx)
{
	if (!path || motor_user_ok(path, 1, 0))
		return -EFAULT;
	char *image;
	size_t len;
	long r = read_program(path, &image, &len);
	if (r < 0)
		return r;
	char line[SCRIPT_LINE], **nargv = NULL;
	int script = script_argv(image, len, path, argv, line, &nargv);
	if (script == 1) {
		char *iimage;
		size_t ilen;
		r = read_program(nargv[0], &iimage, &ilen);
		if (r == 0) {
			r = iimage[0] == '#' ? -ENOEXEC : fn(nargv[0], iimage, ilen, nargv, envp, ctx);
			free(iimage);
		}
	} else if (script == 0) {
		r = fn(path, image, len, argv, envp, ctx);
	} else {
		r = script;
	}
	free(nargv);
	free(image);
	return r;
}

int execve(const char *path, char *const argv[], char *const envp[])
{
	return (int)posix_ret(posix_run_program(path, argv, envp, exec_image, NULL));
}

int motor_exec_image(const char *path, const void *image, size_t len, char *const argv[],
		     char *const envp[])
{
	return (int)posix_ret(exec_image(path, image, len, argv, envp, NULL));
}

int _execve(const char *path, char *const argv[], char *const envp[])
{
	return execve(path, argv, envp);
}

long posix_search_program(const char *file, char *const argv[], char *const envp[],
			  posix_program_fn fn, void *ctx)
{
	if (!file || motor_user_ok(file, 1, 0))
		return -EFAULT;
	if (!*file)
		return -ENOENT;
	if (strchr(file, '/'))
		return posix_run_program(file, argv, envp, fn, ctx);
	const char *path = getenv("PATH");
	if (!path)
		path = "/bin:/usr/bin";
	size_t flen = strlen(file);
	long err = -ENOENT;
	for (const char *p = path;; p++) {
		const char *end = strchr(p, ':');
		size_t dlen = end ? (size_t)(end - p) : strlen(p);
		char full[MOTOR_PATH_MAX];
		if (dlen + 1 + flen + 1 <= sizeof(full)) {
			memcpy(full, p, dlen);
			size_t k = dlen;
			if (k == 0)
				full[k++] = '.'; /* an empty entry is the working directory */
			full[k++] = '/';
			memcpy(full + k, file, flen + 1);
			long r = posix_run_program(full, argv, envp, fn, ctx);
			if (r == -EACCES)
				err = -EACCES; /* remembered, as POSIX asks */
			else if (r != -ENOENT && r != -ENOTDIR)
				return r;
		}
		if (!end)
			break;
		p = end;
	}
	return err;
}

/* execvp with an environment: searches PATH when file has no slash. */
int execvpe(const char *file, char *const argv[], char *const envp[])
{
	return (int)posix_ret(posix_search_program(file, argv, envp, exec_image, NULL));
}

pid_t vfork(void)
{
	return fork(); /* copy-on-write makes the difference small */
}
