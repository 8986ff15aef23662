/*
** bench/gen.c - fills a cartable SQLite database with the operator's scale.
**
**   gen DB [--learners N] [--programmes N] [--enrolments N] [--replay N]
**          [--sessions N] [--seed S] [--out DIR]
**
** DB is a database made by `cartable demo` (schema and demo world). The
** program adds, in the tenant of the demo operator:
**   - programmes until the operator has --programmes (200) in all, from
**     bench/catalogue.h, round robin over the six units, with search_text
**     and sort_key computed by the server's own text_fold() exactly as
**     catalogue_programme_save() does, and the same required documents as
**     the demo (regulated schooling, post-bac);
**   - --learners (150,000) learner accounts; the minors (École, Collège,
**     Lycée) come in families with one or two guardian accounts linked in
**     guardianships (a tenth of the families have two children), adults
**     have none: about one guardian account per learner in all;
**   - --enrolments (143,300) enrolments with their enrolment_events and
**     audit_log rows, in time order (so that one learner's rows are
**     scattered through the table, as they are in real life), with the
**     statuses, history, prices and accommodations the server would have
**     written.
** Every account gets the Argon2id hash of the demo account `eleve`
** (password "demo"), so the benchmark can sign in as anyone.
**
** It also writes, into --out: learners.txt (--sessions logins of learners
** who have enrolments, for the "my enrolments" benchmark) and replay.tsv
** (--replay "programme_id<TAB>learner_id" lines for learners left without
** enrolment, for the busiest-day replay through the API).
**
** Logins, e-mails and search_text follow src/people/people.c.
*/
#include <inttypes.h>
#include <sqlite3.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "kernel/arena.h"
#include "kernel/text.h"

#include "catalogue.h"

#define GEN_NAME "gen"
#include "gen_util.h"

/* ---- a set of strings (logins taken) ---- */

static char **set_slot;
static size_t set_cap;

static uint64_t hash_str(const char *s)
{
	uint64_t h = 1469598103934665603ull;
	for (; *s; s++)
		h = (h ^ (unsigned char)*s) * 1099511628211ull;
	return h;
}

static bool set_has(const char *s)
{
	for (size_t i = hash_str(s) & (set_cap - 1); set_slot[i]; i = (i + 1) & (set_cap - 1))
		if (strcmp(set_slot[i], s) == 0)
			return true;
	return false;
}

static void set_add(const char *s)
{
	size_t i = hash_str(s) & (set_cap - 1);
	while (set_slot[i])
		i = (i + 1) & (set_cap - 1);
	set_slot[i] = strdup(s);
}

/* ---- names ---- */

static const char *const given_f[] = {
	"Emma", "Jade", "Louise", "Alice", "Chloé", "Lina", "Léa", "Rose", "Anna", "Mila",
	"Inès", "Ambre", "Julia", "Mia", "Léna", "Manon", "Juliette", "Lou", "Zoé", "Camille",
	"Agathe", "Léonie", "Éva", "Nina", "Lucie", "Romane", "Sarah", "Clémence", "Adèle", "Maëlys",
	"Héloïse", "Anaïs", "Océane", "Gaëlle", "Joséphine", "Éloïse", "Célia", "Noémie", "Yasmine", "Aïcha",
	"Fatoumata", "Sofia", "Margaux", "Pénélope", "Capucine", "Maïa", "Thaïs", "Bérénice", "Hélène", "Nathalie",
	"Sophie", "Isabelle", "Céline", "Sandrine", "Valérie", "Stéphanie", "Aurélie", "Émilie", "Laëtitia", "Mélanie",
};
static const char *const given_m[] = {
	"Gabriel", "Léo", "Raphaël", "Louis", "Arthur", "Jules", "Maël", "Lucas", "Hugo", "Noah",
	"Adam", "Liam", "Sacha", "Nathan", "Éthan", "Paul", "Tom", "Aaron", "Théo", "Mathéo",
	"Noé", "Timéo", "Victor", "Martin", "Nolan", "Clément", "Baptiste", "Maxime", "Antoine", "Valentin",
	"Rayan", "Ilyès", "Mohamed", "Yanis", "Amine", "Kylian", "Loïc", "Gaël", "Jérémy", "Benoît",
	"Jérôme", "Frédéric", "Stéphane", "Sébastien", "Cédric", "Hervé", "Rémi", "François", "Grégoire", "Anatole",
};
static const char *const family[] = {
	"Martin", "Bernard", "Thomas", "Petit", "Robert", "Richard", "Durand", "Dubois", "Moreau", "Laurent",
	"Simon", "Michel", "Lefèvre", "Leroy", "Roux", "David", "Bertrand", "Morel", "Fournier", "Girard",
	"Bonnet", "Dupont", "Lambert", "Fontaine", "Rousseau", "Vincent", "Muller", "Lefebvre", "Faure", "André",
	"Mercier", "Blanc", "Guérin", "Boyer", "Garnier", "Chevalier", "François", "Legrand", "Gauthier", "Garcia",
	"Perrin", "Robin", "Clément", "Morin", "Nicolas", "Henry", "Roussel", "Mathieu", "Gautier", "Masson",
	"Marchand", "Duval", "Denis", "Dumont", "Marie", "Lemaire", "Noël", "Meyer", "Dufour", "Meunier",
	"Brun", "Blanchard", "Giraud", "Joly", "Rivière", "Lucas", "Brunet", "Gaillard", "Barbier", "Arnaud",
	"Martinez", "Gérard", "Roche", "Renard", "Schmitt", "Roy", "Leroux", "Colin", "Vidal", "Caron",
	"Picard", "Roger", "Fabre", "Aubert", "Lemoine", "Renaud", "Dumas", "Lacroix", "Olivier", "Philippe",
	"Bourgeois", "Pierre", "Benoît", "Rey", "Leclerc", "Payet", "Rolland", "Leclercq", "Guillaume", "Lecomte",
	"Lopez", "Jean", "Dupuy", "Guillot", "Hubert", "Berger", "Carpentier", "Sanchez", "Dupuis", "Moulin",
	"Louis", "Deschamps", "Huet", "Vasseur", "Perez", "Boucher", "Fleury", "Royer", "Klein", "Jacquet",
	"Adam", "Paris", "Poirier", "Marty", "Aubry", "Guyot", "Carré", "Charles", "Renault", "Charpentier",
	"Ménard", "Maillard", "Baron", "Bertin", "Bailly", "Hervé", "Schneider", "Fernandez", "Le Gall", "Collet",
	"Léger", "Bouvier", "Julien", "Prévost", "Millet", "Perrot", "Daniel", "Le Roux", "Cousin", "Germain",
	"Breton", "Besson", "Langlois", "Rémy", "Le Goff", "Pelletier", "Lévêque", "Perrier", "Leblanc", "Barré",
	"Lebrun", "Marchal", "Weber", "Mallet", "Hamon", "Boulanger", "Jacob", "Monnier", "Michaud", "Rodriguez",
	"Guichard", "Gillet", "Étienne", "Grondin", "Poulain", "Tessier", "Chevallier", "Collin", "Chauvin", "Da Silva",
	"Bouchet", "Gay", "Lemaître", "Bénard", "Maréchal", "Humbert", "Reynaud", "Antoine", "Hoarau", "Perret",
	"Barthélemy", "Cordier", "Pichon", "Lejeune", "Gilbert", "Lamy", "Delaunay", "Pasquier", "Carlier", "Laporte",
	"Nguyen", "Tran", "Diallo", "Traoré", "Diop", "Camara", "Benali", "Haddad", "Bensaïd", "Mendy",
	"Ferreira", "Santos", "Oliveira", "Kaya", "Yılmaz", "Cohen", "Lévy", "Ben Ahmed", "Saïdi", "Kouassi",
};
#define N(a) ((int)(sizeof a / sizeof a[0]))

/* The base login people.c makes: "prenom.nom", folded, spaces to dashes. */
static char *login_base(struct arena *a, const char *given, const char *fam)
{
	char *s = arena_printf(a, "%s.%s", text_fold(a, given), text_fold(a, fam));
	char *o = s;
	for (char *p = s; *p; p++) {
		if (*p == ' ')
			*o++ = '-';
		else if ((*p >= 'a' && *p <= 'z') || (*p >= '0' && *p <= '9') || *p == '.' || *p == '-')
			*o++ = *p;
	}
	*o = 0;
	if (strlen(s) > 50)
		s[50] = 0;
	return s;
}

/* A free login for these names: base, then base2, base3... as people.c. */
static char *new_login(struct arena *a, const char *given, const char *fam)
{
	char *base = login_base(a, given, fam), *login = base;
	for (int i = 2; set_has(login); i++)
		login = arena_printf(a, "%s%d", base, i);
	set_add(login);
	return login;
}

/* ---- the catalogue ---- */

static const char *level_label(const char *code)
{
	static const char *const t[][2] = {
		{"ps", "Petite section"}, {"ms", "Moyenne section"}, {"gs", "Grande section"},
		{"cp", "CP"}, {"ce1", "CE1"}, {"ce2", "CE2"}, {"cm1", "CM1"}, {"cm2", "CM2"},
		{"6e", "Sixième"}, {"5e", "Cinquième"}, {"4e", "Quatrième"}, {"3e", "Troisième"},
		{"2nde", "Seconde"}, {"1re", "Première"}, {"terminale", "Terminale"},
		{"postbac", "Post-bac"}, {"adult", "Adultes"},
	};
	for (int i = 0; i < N(t); i++)
		if (strcmp(t[i][0], code) == 0)
			return t[i][1];
	fprintf(stderr, "gen: unknown level %s\n", code);
	exit(1);
}

static const char *public_label(const char *code)
{
	if (strcmp(code, "regulated") == 0)
		return "Scolarité réglementée";
	if (strcmp(code, "free") == 0)
		return "Inscription libre";
	if (strcmp(code, "funded") == 0)
		return "Formation financée";
	fprintf(stderr, "gen: unknown public %s\n", code);
	exit(1);
}

static const char *unit_codes[6] = {"ecole", "college", "lycee", "pro", "sup", "langues"};
static int64_t unit_id[6];
static char *unit_name[6];

static int unit_index(const char *code)
{
	for (int i = 0; i < 6; i++)
		if (strcmp(unit_codes[i], code) == 0)
			return i;
	return -1;
}

struct prog {
	int64_t id;
	int unit;
	int64_t price_cents;
	bool needs_docs; /* required documents: stays "submitted" until checked */
	double weight;   /* popularity */
};

static struct prog *progs;
static int nprogs;

static const char *description(struct arena *a, const struct gen_programme *p)
{
	const char *who = strcmp(p->public_, "regulated") == 0
		? "Pour les élèves en **scolarité réglementée** (inscription sur avis de l'inspection "
		  "académique) ou instruits en famille."
		: strcmp(p->public_, "funded") == 0
		? "Formation **finançable** par le CPF, France Travail ou votre employeur."
		: "Inscription **libre**, à tout moment de l'année.";
	return arena_printf(a,
		"%s\n\n## Ce qui est inclus\n\n- Cours en ligne et livrets à télécharger\n"
		"- Devoirs corrigés par des professeurs, avec un retour détaillé\n"
		"- Classes virtuelles et forum de la formation\n- Un conseiller pédagogique dédié\n\n"
		"## Accessibilité\n\nAménagements possibles : temps supplémentaire, devoirs allégés, "
		"étalement de la formation.", who);
}

static void add_programmes(int64_t tenant, int64_t now, int target)
{
	/* the demo's programmes, already there */
	sqlite3_stmt *st = prep(
		"SELECT p.id, u.code, p.price_cents,"
		" (SELECT COUNT(*) FROM programme_requirements q WHERE q.tenant_id = p.tenant_id"
		"  AND q.programme_id = p.id) FROM programmes p JOIN units u ON u.id = p.unit_id"
		" WHERE p.tenant_id = ? ORDER BY p.id");
	sqlite3_bind_int64(st, 1, tenant);
	progs = calloc((size_t)target + 64, sizeof *progs);
	while (sqlite3_step(st) == SQLITE_ROW) {
		struct prog *p = &progs[nprogs++];
		p->id = sqlite3_column_int64(st, 0);
		p->unit = unit_index((const char *)sqlite3_column_text(st, 1));
		p->price_cents = sqlite3_column_int64(st, 2);
		p->needs_docs = sqlite3_column_int64(st, 3) > 0;
	}
	sqlite3_finalize(st);
	int want = target - nprogs;
	if (want > N(gen_programmes)) {
		fprintf(stderr, "gen: only %d programmes in bench/catalogue.h\n", N(gen_programmes));
		exit(1);
	}
	sqlite3_stmt *ins = prep(
		"INSERT INTO programmes (tenant_id, unit_id, code, title, level, public, duration_months,"
		" duration_hours, price_cents, summary, description_md, published, search_text, sort_key,"
		" created_at, updated_at) VALUES (?,?,?,?,?,?,?,?,?,?,?,1,?,?,?,?)");
	sqlite3_stmt *req = prep(
		"INSERT INTO programme_requirements (tenant_id, programme_id, title, description, position)"
		" VALUES (?, ?, ?, ?, 0)");
	sqlite3_stmt *aud = prep(
		"INSERT INTO audit_log (tenant_id, actor_id, action, object_type, object_id, detail, at)"
		" VALUES (?, 1, 'programme.create', 'programme', ?, ?, ?)");
	bool used[N(gen_programmes)] = {0};
	struct arena *a = arena_new();
	for (int added = 0, u = 0; added < want; u = (u + 1) % 6) {
		const struct gen_programme *g = NULL;
		for (int i = 0; i < N(gen_programmes); i++)
			if (!used[i] && strcmp(gen_programmes[i].unit, unit_codes[u]) == 0) {
				used[i] = true;
				g = &gen_programmes[i];
				break;
			}
		if (!g)
			continue;
		int ui = unit_index(g->unit);
		/* a third get a Markdown description, as some demo programmes have */
		const char *md = added % 3 == 0 ? description(a, g) : "";
		char *search = text_fold(a, arena_printf(a, "%s %s %s %s %s %s %s", g->title, g->code,
		                                         g->summary, md, unit_name[ui],
		                                         level_label(g->level), public_label(g->public_)));
		int64_t price = strtoll(g->price, NULL, 10) * 100;
		int64_t t = now - 86400 * 400 + added * 600;
		sqlite3_bind_int64(ins, 1, tenant);
		sqlite3_bind_int64(ins, 2, unit_id[ui]);
		bind_text(ins, 3, g->code);
		bind_text(ins, 4, g->title);
		bind_text(ins, 5, g->level);
		bind_text(ins, 6, g->public_);
		sqlite3_bind_int64(ins, 7, strtoll(g->months, NULL, 10));
		sqlite3_bind_int64(ins, 8, strtoll(g->hours, NULL, 10));
		sqlite3_bind_int64(ins, 9, price);
		bind_text(ins, 10, g->summary);
		bind_text(ins, 11, md);
		bind_text(ins, 12, search);
		bind_text(ins, 13, text_fold(a, g->title));
		sqlite3_bind_int64(ins, 14, t);
		sqlite3_bind_int64(ins, 15, t);
		int64_t id = run(ins);
		sqlite3_bind_int64(aud, 1, tenant);
		sqlite3_bind_int64(aud, 2, id);
		bind_text(aud, 3, g->code);
		sqlite3_bind_int64(aud, 4, t);
		run(aud);
		bool docs = false;
		if (strcmp(g->public_, "regulated") == 0) {
			sqlite3_bind_int64(req, 1, tenant);
			sqlite3_bind_int64(req, 2, id);
			bind_text(req, 3, "Justificatif de scolarité réglementée");
			bind_text(req, 4, "L'avis favorable du directeur académique des services de "
			                  "l'éducation nationale (DASEN), ou le certificat médical pour "
			                  "raison de santé.");
			run(req);
			docs = true;
		}
		if (strcmp(g->level, "postbac") == 0) {
			sqlite3_bind_int64(req, 1, tenant);
			sqlite3_bind_int64(req, 2, id);
			bind_text(req, 3, "Diplôme du baccalauréat");
			bind_text(req, 4, "Copie du diplôme ou du relevé de notes.");
			run(req);
			docs = true;
		}
		progs[nprogs++] = (struct prog){.id = id, .unit = ui, .price_cents = price,
		                                .needs_docs = docs};
		added++;
	}
	arena_free(a);
	sqlite3_finalize(ins);
	sqlite3_finalize(req);
	sqlite3_finalize(aud);
	/* popularity: Zipf-like within a unit, the demo's (older) programmes first */
	int rank[6] = {0};
	for (int i = 0; i < nprogs; i++)
		progs[i].weight = 1.0 / (1.0 + 0.6 * rank[progs[i].unit]++);
}

/* A programme of unit u (or any unit if u < 0), by popularity, not in taken[]. */
static int pick_programme(int u, const int *taken, int ntaken)
{
	for (int attempt = 0; attempt < 100; attempt++) {
		double total = 0;
		for (int i = 0; i < nprogs; i++)
			if (u < 0 || progs[i].unit == u)
				total += progs[i].weight;
		double x = (double)(rnd() >> 11) / 9007199254740992.0 * total;
		int pick = -1;
		for (int i = 0; i < nprogs; i++) {
			if (u >= 0 && progs[i].unit != u)
				continue;
			pick = i;
			x -= progs[i].weight;
			if (x < 0)
				break;
		}
		bool dup = false;
		for (int k = 0; k < ntaken; k++)
			dup |= taken[k] == pick;
		if (!dup)
			return pick;
	}
	return -1;
}

/* ---- people ---- */

struct learner {
	int64_t id;
	int64_t guardian; /* first guardian, 0 for adults */
	int64_t created;
	int unit;         /* the unit they came for */
	int nenrol;
	char *login;
};

static struct learner *learners;
static int nlearners, nguardians, nlinks;

/* Unit of a new learner: the weights of the operator's activity. */
static int pick_unit(void)
{
	static const int w[6] = {12, 20, 28, 25, 8, 7};
	int x = rnd_int(100);
	for (int u = 0; u < 6; u++) {
		if (x < w[u])
			return u;
		x -= w[u];
	}
	return 5;
}

static const char *birth_date(struct arena *a, int unit)
{
	static const int first[6] = {2015, 2011, 2007, 1965, 1970, 1955};
	static const int span[6] = {6, 4, 4, 40, 30, 50};
	return arena_printf(a, "%04d-%02d-%02d", first[unit] + rnd_int(span[unit]), 1 + rnd_int(12),
	                    1 + rnd_int(28));
}

static const char *const domains[] = {"example.org", "example.net", "example.com"};

struct people_stmts {
	sqlite3_stmt *account, *role, *link;
};

static int64_t add_account(struct people_stmts *s, struct arena *a, int64_t tenant,
                           const char *hash, const char *given, const char *fam, bool email,
                           const char *birth, const char *role, int64_t t, char **login_out)
{
	char *login = new_login(a, given, fam);
	char *mail = email ? arena_printf(a, "%s@%s", login, domains[rnd_int(N(domains))]) : NULL;
	char *search = text_fold(a, arena_printf(a, "%s %s %s %s", fam, given, login,
	                                         mail ? mail : ""));
	sqlite3_stmt *st = s->account;
	sqlite3_bind_int64(st, 1, tenant);
	bind_text(st, 2, login);
	bind_text(st, 3, hash);
	bind_text(st, 4, given);
	bind_text(st, 5, fam);
	bind_text(st, 6, mail);
	bind_text(st, 7, birth);
	bind_text(st, 8, search);
	sqlite3_bind_int64(st, 9, t);
	sqlite3_bind_int64(st, 10, t);
	int64_t id = run(st);
	sqlite3_bind_int64(s->role, 1, tenant);
	sqlite3_bind_int64(s->role, 2, id);
	bind_text(s->role, 3, role);
	sqlite3_bind_int64(s->role, 4, t);
	run(s->role);
	if (login_out)
		*login_out = strdup(login);
	return id;
}

static const char *given_name(bool female)
{
	return female ? given_f[rnd_int(N(given_f))] : given_m[rnd_int(N(given_m))];
}

static void add_people(int64_t tenant, const char *hash, int64_t start, int64_t now, int target)
{
	struct people_stmts s = {
		prep("INSERT INTO accounts (tenant_id, login, password_hash, given_name, family_name,"
		     " email, birth_date, school_class, lang, active, search_text, created_at,"
		     " updated_at) VALUES (?,?,?,?,?,?,?,'','fr',1,?,?,?)"),
		prep("INSERT INTO account_roles (tenant_id, account_id, role, granted_by, granted_at)"
		     " VALUES (?, ?, ?, NULL, ?)"),
		prep("INSERT INTO guardianships (tenant_id, guardian_id, learner_id, created_at)"
		     " VALUES (?, ?, ?, ?)"),
	};
	learners = calloc((size_t)target, sizeof *learners);
	struct arena *a = arena_new();
	double step = (double)(now - 86400 * 30 - start) / target;
	while (nlearners < target) {
		if (nlearners % 5000 == 0) {
			arena_free(a);
			a = arena_new();
		}
		int64_t t = start + (int64_t)(step * nlearners) + rnd_int(3600);
		int unit = pick_unit();
		const char *fam = family[rnd_int(N(family))];
		if (unit >= 3) { /* an adult, on their own */
			struct learner *l = &learners[nlearners++];
			l->unit = unit;
			l->created = t;
			l->id = add_account(&s, a, tenant, hash, given_name(chance(0.6)), fam, chance(0.8),
			                    birth_date(a, unit), "learner", t, &l->login);
			continue;
		}
		/* a family: one or two guardians, one or two children */
		int64_t g[2];
		int ng = chance(0.65) ? 2 : 1;
		for (int i = 0; i < ng; i++) {
			const char *gfam = i == 1 && chance(0.3) ? family[rnd_int(N(family))] : fam;
			g[i] = add_account(&s, a, tenant, hash, given_name(i == 0 ? chance(0.7) : chance(0.3)),
			                   gfam, true, birth_date(a, 3), "guardian", t, NULL);
			nguardians++;
		}
		int nc = chance(0.1) ? 2 : 1;
		for (int c = 0; c < nc && nlearners < target; c++) {
			struct learner *l = &learners[nlearners++];
			l->unit = c == 0 ? unit : (unit + rnd_int(3)) % 3;
			l->created = t + c;
			l->id = add_account(&s, a, tenant, hash, given_name(chance(0.5)), fam, false,
			                    birth_date(a, l->unit), "learner", t + c, &l->login);
			l->guardian = g[0];
			for (int i = 0; i < ng; i++) {
				sqlite3_bind_int64(s.link, 1, tenant);
				sqlite3_bind_int64(s.link, 2, g[i]);
				sqlite3_bind_int64(s.link, 3, l->id);
				sqlite3_bind_int64(s.link, 4, t + c);
				run(s.link);
				nlinks++;
			}
		}
	}
	arena_free(a);
	sqlite3_finalize(s.account);
	sqlite3_finalize(s.role);
	sqlite3_finalize(s.link);
}

/* ---- enrolments ---- */

struct enrol {
	int64_t t;
	int learner, prog;
};

static int by_time(const void *x, const void *y)
{
	const struct enrol *a = x, *b = y;
	return a->t < b->t ? -1 : a->t > b->t;
}

static void shuffle(int *v, int n)
{
	for (int i = n - 1; i > 0; i--) {
		int j = rnd_int(i + 1), t = v[i];
		v[i] = v[j];
		v[j] = t;
	}
}

struct enrol_stmts {
	sqlite3_stmt *enrol, *event, *audit;
};

static void event(struct enrol_stmts *s, int64_t tenant, int64_t id, const char *from,
                  const char *to, int64_t actor, const char *note, int64_t at, bool audited)
{
	sqlite3_bind_int64(s->event, 1, tenant);
	sqlite3_bind_int64(s->event, 2, id);
	bind_text(s->event, 3, from);
	bind_text(s->event, 4, to);
	sqlite3_bind_int64(s->event, 5, actor);
	bind_text(s->event, 6, note);
	sqlite3_bind_int64(s->event, 7, at);
	run(s->event);
	if (!audited)
		return;
	sqlite3_bind_int64(s->audit, 1, tenant);
	sqlite3_bind_int64(s->audit, 2, actor);
	bind_text(s->audit, 3, from ? "enrolment.status" : "enrolment.apply");
	sqlite3_bind_int64(s->audit, 4, id);
	bind_text(s->audit, 5, from ? to : "");
	sqlite3_bind_int64(s->audit, 6, at);
	run(s->audit);
}

static int nevents;

static void add_enrolments(int64_t tenant, int64_t advisor, int64_t now, int target, int reserve)
{
	/* how many enrolments each learner has: 1 mostly, some 2 or 3, some none */
	int n3 = target / 130, n2 = target / 14;
	int n1 = target - 2 * n2 - 3 * n3;
	if (n1 < 0 || n1 + n2 + n3 > nlearners - reserve) {
		fprintf(stderr, "gen: %d enrolments do not fit %d learners\n", target, nlearners);
		exit(1);
	}
	int *order = malloc(sizeof(int) * (size_t)nlearners);
	for (int i = 0; i < nlearners; i++)
		order[i] = i;
	shuffle(order, nlearners);
	for (int i = 0; i < n1 + n2 + n3; i++)
		learners[order[i]].nenrol = i < n3 ? 3 : i < n3 + n2 ? 2 : 1;
	free(order);

	struct enrol *e = malloc(sizeof *e * (size_t)target);
	int ne = 0;
	for (int i = 0; i < nlearners; i++) {
		struct learner *l = &learners[i];
		int taken[3];
		int64_t t = l->created + rnd_int(3 * 86400);
		for (int k = 0; k < l->nenrol; k++) {
			int u = k == 0 || chance(0.5) ? l->unit : (l->unit < 3 ? rnd_int(3) : 3 + rnd_int(3));
			int p = pick_programme(u, taken, k);
			if (p < 0)
				p = pick_programme(-1, taken, k);
			taken[k] = p;
			if (t > now - 3600)
				t = now - 3600 - rnd_int(86400);
			e[ne++] = (struct enrol){t, i, p};
			t += 86400 * (30 + rnd_int(370));
		}
	}
	qsort(e, (size_t)ne, sizeof *e, by_time);

	struct enrol_stmts s = {
		prep("INSERT INTO enrolments (tenant_id, learner_id, programme_id, course_id, status,"
		     " applied_by, school_id, price_cents, extra_time_pct, reduced_homework, spread_years,"
		     " accommodation_note, created_at, updated_at)"
		     " VALUES (?,?,?,NULL,?,?,NULL,?,?,?,?,?,?,?)"),
		prep("INSERT INTO enrolment_events (tenant_id, enrolment_id, from_status, to_status,"
		     " actor_id, note, at) VALUES (?,?,?,?,?,?,?)"),
		prep("INSERT INTO audit_log (tenant_id, actor_id, action, object_type, object_id, detail,"
		     " at) VALUES (?, ?, ?, 'enrolment', ?, ?, ?)"),
	};
	static const char *const notes[] = {
		"", "", "", "", "", "", "", "",
		"Sportive de haut niveau : aménagement souhaité.",
		"Élève dyslexique, tiers temps demandé.",
		"Nous partons à l'étranger pour deux ans.",
		"Raisons de santé : scolarité à domicile.",
	};
	for (int i = 0; i < ne; i++) {
		struct learner *l = &learners[e[i].learner];
		struct prog *p = &progs[e[i].prog];
		int64_t t = e[i].t, age = now - t;
		int64_t applied = l->guardian && chance(0.8) ? l->guardian
		                : !l->guardian && chance(0.85) ? l->id : advisor;
		bool automatic = !p->needs_docs && p->price_cents == 0;
		/* where the enrolment stands today, from its age */
		int x = rnd_int(100);
		const char *status;
		if (age > 330 * 86400)
			status = x < 62 ? "completed" : x < 85 ? "active" : x < 95 ? "cancelled" : "suspended";
		else if (age > 60 * 86400)
			status = x < 88 ? "active" : x < 95 ? "cancelled" : x < 98 ? "suspended" : "completed";
		else
			status = x < 55 ? "active" : x < 92 ? "submitted" : "cancelled";
		if (automatic && strcmp(status, "submitted") == 0)
			status = "active";
		const char *note = notes[rnd_int(N(notes))];
		bool accommodated = note[0] || chance(0.03);
		int64_t act = t + (automatic ? 0 : 86400 * (1 + rnd_int(12)));
		int64_t end = act + 86400 * (30 + rnd_int(300));
		if (end > now)
			end = now - rnd_int(3600);
		int64_t updated = strcmp(status, "submitted") == 0 ? t
		                : strcmp(status, "active") == 0 ? act : end;
		sqlite3_stmt *st = s.enrol;
		sqlite3_bind_int64(st, 1, tenant);
		sqlite3_bind_int64(st, 2, l->id);
		sqlite3_bind_int64(st, 3, p->id);
		bind_text(st, 4, status);
		sqlite3_bind_int64(st, 5, applied);
		sqlite3_bind_int64(st, 6, p->price_cents);
		sqlite3_bind_int64(st, 7, accommodated ? (chance(0.7) ? 33 : 50) : 0);
		sqlite3_bind_int(st, 8, accommodated && chance(0.4));
		sqlite3_bind_int64(st, 9, accommodated && chance(0.3) ? 2 : 1);
		bind_text(st, 10, note);
		sqlite3_bind_int64(st, 11, t);
		sqlite3_bind_int64(st, 12, updated);
		int64_t id = run(st);
		event(&s, tenant, id, NULL, "submitted", applied, note, t, true);
		nevents++;
		if (strcmp(status, "submitted") == 0)
			continue;
		if (strcmp(status, "cancelled") == 0 && chance(0.5)) {
			event(&s, tenant, id, "submitted", "cancelled", applied,
			      "Annulée à la demande de la famille.", act, true);
			nevents++;
			continue;
		}
		if (automatic)
			event(&s, tenant, id, "submitted", "active", applied,
			      "Aucune pièce ni paiement attendu.", t, false);
		else
			event(&s, tenant, id, "submitted", "active", advisor, "Dossier complet.", act, true);
		nevents++;
		if (strcmp(status, "active") == 0)
			continue;
		const char *why = strcmp(status, "completed") == 0 ? "Formation terminée."
		                : strcmp(status, "suspended") == 0 ? "Suspension pour raison de santé."
		                : "Abandon signalé par l'apprenant.";
		event(&s, tenant, id, "active", status, advisor, why, end, true);
		nevents++;
	}
	free(e);
	sqlite3_finalize(s.enrol);
	sqlite3_finalize(s.event);
	sqlite3_finalize(s.audit);
}

/* ---- outputs for the benchmark ---- */

static void write_outputs(const char *dir, int nsessions, int nreplay)
{
	char path[4096];
	snprintf(path, sizeof path, "%s/learners.txt", dir);
	FILE *f = fopen(path, "w");
	if (!f) {
		perror(path);
		exit(1);
	}
	int *order = malloc(sizeof(int) * (size_t)nlearners);
	for (int i = 0; i < nlearners; i++)
		order[i] = i;
	shuffle(order, nlearners);
	for (int i = 0, n = 0; i < nlearners && n < nsessions; i++)
		if (learners[order[i]].nenrol > 0) {
			fprintf(f, "%s\n", learners[order[i]].login);
			n++;
		}
	fclose(f);
	snprintf(path, sizeof path, "%s/replay.tsv", dir);
	f = fopen(path, "w");
	if (!f) {
		perror(path);
		exit(1);
	}
	int n = 0;
	for (int i = 0; i < nlearners && n < nreplay; i++) {
		struct learner *l = &learners[order[i]];
		if (l->nenrol > 0)
			continue;
		int p = pick_programme(l->unit, NULL, 0);
		fprintf(f, "%" PRId64 "\t%" PRId64 "\n", progs[p].id, l->id);
		n++;
	}
	fclose(f);
	free(order);
	if (n < nreplay) {
		fprintf(stderr, "gen: only %d learners left for the replay\n", n);
		exit(1);
	}
}

int main(int argc, char **argv)
{
	int nlearn = 150000, nprog = 200, nenrol = 143300, nreplay = 6216, nsessions = 200;
	uint64_t seed = 20240901;
	const char *out = ".", *path = NULL;
	for (int i = 1; i < argc; i++) {
		const char *v = i + 1 < argc ? argv[i + 1] : NULL;
		if (strcmp(argv[i], "--learners") == 0 && v)
			nlearn = atoi(argv[++i]);
		else if (strcmp(argv[i], "--programmes") == 0 && v)
			nprog = atoi(argv[++i]);
		else if (strcmp(argv[i], "--enrolments") == 0 && v)
			nenrol = atoi(argv[++i]);
		else if (strcmp(argv[i], "--replay") == 0 && v)
			nreplay = atoi(argv[++i]);
		else if (strcmp(argv[i], "--sessions") == 0 && v)
			nsessions = atoi(argv[++i]);
		else if (strcmp(argv[i], "--seed") == 0 && v)
			seed = strtoull(argv[++i], NULL, 10);
		else if (strcmp(argv[i], "--out") == 0 && v)
			out = argv[++i];
		else if (argv[i][0] != '-' && !path)
			path = argv[i];
		else {
			fprintf(stderr, "usage: gen DB [--learners N] [--programmes N] [--enrolments N]"
			                " [--replay N] [--sessions N] [--seed S] [--out DIR]\n");
			return 2;
		}
	}
	if (!path) {
		fprintf(stderr, "gen: which database?\n");
		return 2;
	}
	rng_state = seed;
	double t0 = now_s();
	if (sqlite3_open_v2(path, &db, SQLITE_OPEN_READWRITE, NULL) != SQLITE_OK)
		die(path);
	exec("PRAGMA foreign_keys = ON; PRAGMA synchronous = OFF; PRAGMA cache_size = -262144;"
	     " PRAGMA temp_store = MEMORY;");

	int64_t tenant = query_int("SELECT id FROM tenants WHERE slug = 'operateur'");
	if (tenant < 0) {
		fprintf(stderr, "gen: no demo operator in %s: run `cartable demo` first\n", path);
		return 1;
	}
	if (query_int("SELECT COUNT(*) FROM account_roles WHERE role = 'learner'") > 1000) {
		fprintf(stderr, "gen: %s already holds generated data\n", path);
		return 1;
	}
	int64_t advisor = query_int("SELECT id FROM accounts WHERE login = 'conseiller'");
	sqlite3_stmt *st = prep("SELECT password_hash FROM accounts WHERE login = 'eleve'");
	if (sqlite3_step(st) != SQLITE_ROW || advisor < 0)
		die("demo accounts eleve/conseiller missing");
	char *hash = strdup((const char *)sqlite3_column_text(st, 0));
	sqlite3_finalize(st);
	st = prep("SELECT id, name FROM units WHERE tenant_id = ? AND code = ?");
	for (int u = 0; u < 6; u++) {
		sqlite3_bind_int64(st, 1, tenant);
		bind_text(st, 2, unit_codes[u]);
		if (sqlite3_step(st) != SQLITE_ROW)
			die(unit_codes[u]);
		unit_id[u] = sqlite3_column_int64(st, 0);
		unit_name[u] = strdup((const char *)sqlite3_column_text(st, 1));
		sqlite3_reset(st);
	}
	sqlite3_finalize(st);

	/* logins already taken, on the whole platform */
	set_cap = 1;
	while (set_cap < (size_t)nlearn * 4)
		set_cap <<= 1;
	set_slot = calloc(set_cap, sizeof *set_slot);
	st = prep("SELECT login FROM accounts");
	while (sqlite3_step(st) == SQLITE_ROW)
		set_add((const char *)sqlite3_column_text(st, 0));
	sqlite3_finalize(st);

	int64_t now = time(NULL), start = now - 3 * 365 * 86400;
	exec("BEGIN");
	add_programmes(tenant, now, nprog);
	double t1 = now_s();
	add_people(tenant, hash, start, now, nlearn);
	double t2 = now_s();
	add_enrolments(tenant, advisor, now, nenrol, nreplay);
	double t3 = now_s();
	exec("COMMIT");
	exec("PRAGMA wal_checkpoint(TRUNCATE)");
	double t4 = now_s();
	write_outputs(out, nsessions, nreplay);
	sqlite3_close(db);
	fprintf(stderr,
	        "gen: %d programmes in the operator's catalogue, %d learners, %d guardians"
	        " (%d links), %d enrolments, %d events\n"
	        "gen: %.1fs (catalogue %.1fs, people %.1fs, enrolments %.1fs, commit %.1fs)\n",
	        nprogs, nlearners, nguardians, nlinks, nenrol, nevents, t4 - t0, t1 - t0, t2 - t1,
	        t3 - t2, t4 - t3);
	return 0;
}
