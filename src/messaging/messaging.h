/*
** messaging.h - messages between learners (or their guardians) and the
** staff of a course.
**
** A thread belongs to one course and is about one learner, optionally
** about one homework copy (a submission id, stored as given: the homework
** feature links to "/messages/nouveau?cours=C&copie=S" and checks access
** to the copy on its own pages). Its participants are fixed when it is
** created and only they see it; for anybody else it does not exist
** (ERR_NOT_FOUND), within the request's tenant as everywhere:
**
**   - a learner writes to the staff (course_staff) of a course they follow;
**   - a guardian writes to the staff of a course their child follows,
**     about that child;
**   - the staff of a course (or an advisor) writes to a learner following
**     it, and may copy the learner's guardians in.
**
** Messages are plain text (shown with their line breaks), with up to
** MESSAGES_MAX_FILES attachments of any type, each at most
** MESSAGES_MAX_FILE_SIZE bytes, stored with files_keep() before the row
** that points to them is committed, and served only to participants (as
** downloads, never shown inline).
**
** Each participant has an unread count. The first unread message of a
** person with an e-mail address queues one "messages.mail" job, run
** messages_mail_delay() seconds later, which sends them ONE mail listing
** every thread they still have not read: a burst of messages makes one
** mail, and people without an e-mail get none. Strings are allocated in
** r->arena.
*/
#ifndef CARTABLE_MESSAGING_H
#define CARTABLE_MESSAGING_H

#include <stdbool.h>
#include <stdint.h>

#include "kernel/err.h"
#include "kernel/req.h"

#define MESSAGES_MAX_FILES 5
#define MESSAGES_MAX_FILE_SIZE (10 * 1024 * 1024)
#define MESSAGES_SUBJECT_MAX 200  /* characters */
#define MESSAGES_BODY_MAX 10000   /* characters */

struct message_person {
	int64_t id;
	char *name;                /* "Prénom Nom" */
	char *role;                /* learner, guardian, staff */
};

struct message_thread {
	int64_t id, course_id, learner_id, submission_id, created_by;
	char *subject, *course_title, *learner_name;
	int64_t created_at, last_message_at, messages;
	int64_t unread;            /* for the signed-in person */
	struct message_person *people;   /* participants (thread lists and pages) */
	int npeople;
};

struct message_file {
	int64_t id, message_id, size;
	char *sha256, *filename, *content_type;
};

struct message {
	int64_t id, author_id, created_at;
	char *author_name, *body;
	bool unread;               /* new for the signed-in person */
	struct message_file *files;
	int nfiles;
};

/* What a person may start a thread about: a course, and the learner it is
** about (0 for staff: they choose among the course's learners). */
struct message_contact {
	int64_t course_id, learner_id;
	char *course_title, *learner_name;
};

struct message_input {
	int64_t course_id;
	int64_t learner_id;        /* 0: the writer, who must be a learner */
	const char *subject;
	const char *body;
	int64_t submission_id;     /* 0: none */
	bool copy_guardians;       /* staff only: the learner's guardians take part */
	const struct upload *files[MESSAGES_MAX_FILES + 1];
	int nfiles;                /* more than MESSAGES_MAX_FILES is refused */
};

/* ---- Reading ---- */

/*
** messages_threads() lists the signed-in person's threads, most recent
** activity first, with participants and unread counts, at most `limit`
** from `offset`. Returns the count or ERR_INTERNAL.
*/
int messages_threads(struct req *r, int offset, int limit, struct message_thread **out);

/*
** messages_thread_get() reads a thread the signed-in person takes part in,
** with its messages (oldest first) and attachments, and marks it read.
** Returns the number of messages; ERR_NOT_FOUND (missing, another
** tenant's, or not a participant); ERR_INTERNAL.
*/
int messages_thread_get(struct req *r, int64_t thread_id, struct message_thread *t,
                        struct message **msgs);

/* messages_unread_count() is the signed-in person's number of unread
** messages (0 for visitors), for the header and the dashboard. */
int64_t messages_unread_count(struct req *r);

/* messages_attachment_get() reads an attachment of a thread the signed-in
** person takes part in. 0, ERR_NOT_FOUND or ERR_INTERNAL. */
MUST_CHECK int messages_attachment_get(struct req *r, int64_t thread_id, int64_t file_id,
                                       struct message_file *out);

/* messages_for_submission() lists the signed-in person's threads about a
** homework copy, for the homework pages. Count or ERR_INTERNAL. */
int messages_for_submission(struct req *r, int64_t submission_id, struct message_thread **out);

/* ---- Writing ---- */

/*
** messages_contacts() lists what the signed-in person may start a thread
** about, as the rules above say. Count or ERR_INTERNAL.
*/
int messages_contacts(struct req *r, struct message_contact **out);

/*
** messages_course_learners() lists the learners of course_id the signed-in
** person may write to (staff of the course, or an advisor): up to 1000,
** by name, as contacts. ERR_NOT_FOUND when they may not; ERR_INTERNAL.
*/
int messages_course_learners(struct req *r, int64_t course_id, struct message_contact **out);

/*
** messages_thread_create() starts a thread with its first message. The
** writer takes part with the people the rules give (the course's staff,
** or the learner and perhaps their guardians). Returns 0 with *thread_id
** set; ERR_NOT_FOUND (course or learner not theirs to write about);
** ERR_INVALID (empty or too long subject or text, a course without
** staff, too many files, an empty file) or ERR_TOO_LARGE (a file over
** MESSAGES_MAX_FILE_SIZE) with the field and a French message in *e;
** ERR_INTERNAL.
*/
MUST_CHECK int messages_thread_create(struct req *r, const struct message_input *in,
                                      int64_t *thread_id, struct err *e);

/*
** messages_reply() adds a message (in->body and in->files; the other
** fields are ignored) to a thread the signed-in person takes part in.
** Returns 0 with *message_id set (may be NULL), or the errors of
** messages_thread_create().
*/
MUST_CHECK int messages_reply(struct req *r, int64_t thread_id, const struct message_input *in,
                              int64_t *message_id, struct err *e);

/* ---- Mail ---- */

/*
** messages_setup() registers the "messages.mail" job; call it once at
** start, before jobs_start(). The delay between a person's first unread
** message and their mail is 10 minutes, or CARTABLE_MESSAGE_MAIL_DELAY
** seconds (tests use 1).
*/
void messages_setup(void);

/* messages_mail_delay() is that delay, in seconds. */
int64_t messages_mail_delay(void);

#endif
