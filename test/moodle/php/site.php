<?php
// The suite's hands inside Moodle: run as `moodle.sh php <this file> <command> '<json>'` (cwd is the
// Moodle root). Everything goes through Moodle's own APIs, as the web forms would; the answer is one
// JSON line on stdout.
//   activity '{"course":"short","users":["u1"],"zip":"/path.zip","name":"…","settings":{…}}'
//       course (made once), users enrolled as students, a SCORM activity from the zip: the upload
//       form's check (scorm_validate_package) then add_moduleinfo with a draft file.
//   state '{"cmid":1,"user":"u1"}'
//       what Moodle stored for that learner: tracks per attempt and SCO, the gradebook, completion.
define('CLI_SCRIPT', true);
require(getcwd() . '/config.php');
require_once($CFG->dirroot . '/course/lib.php');
require_once($CFG->dirroot . '/course/modlib.php');
require_once($CFG->dirroot . '/mod/scorm/lib.php');
require_once($CFG->dirroot . '/mod/scorm/locallib.php');
require_once($CFG->libdir . '/completionlib.php');
require_once($CFG->libdir . '/gradelib.php');
require_once($CFG->dirroot . '/user/lib.php');

$command = $argv[1] ?? '';
$req = json_decode($argv[2] ?? '{}', true);
\core\session\manager::set_user(get_admin());

function course_for(string $shortname): stdClass {
    global $DB;
    if ($course = $DB->get_record('course', ['shortname' => $shortname])) {
        return $course;
    }
    return create_course((object)[
        'fullname' => "coursepack $shortname", 'shortname' => $shortname, 'category' => 1,
        'enablecompletion' => 1, 'format' => 'topics', 'numsections' => 1,
    ]);
}

function learner(string $username, stdClass $course): stdClass {
    global $DB, $CFG;
    if (!$user = $DB->get_record('user', ['username' => $username])) {
        $id = user_create_user((object)[
            'username' => $username, 'password' => 'Learner#1', 'firstname' => 'Ana', 'lastname' => ucfirst($username),
            'email' => "$username@example.com", 'auth' => 'manual', 'confirmed' => 1, 'mnethostid' => $CFG->mnet_localhost_id,
        ]);
        $user = $DB->get_record('user', ['id' => $id]);
    }
    $enrol = enrol_get_plugin('manual');
    $instance = $DB->get_record('enrol', ['courseid' => $course->id, 'enrol' => 'manual'], '*', MUST_EXIST);
    $student = $DB->get_field('role', 'id', ['shortname' => 'student']);
    $enrol->enrol_user($instance, $user->id, $student);
    return $user;
}

function activity(array $req): array {
    global $DB, $USER;
    $course = course_for($req['course']);
    foreach ($req['users'] as $u) {
        learner($u, $course);
    }
    $fs = get_file_storage();
    $draft = file_get_unused_draft_itemid();
    $file = $fs->create_file_from_pathname([
        'contextid' => context_user::instance($USER->id)->id, 'component' => 'user', 'filearea' => 'draft',
        'itemid' => $draft, 'filepath' => '/', 'filename' => basename($req['zip']),
    ], $req['zip']);
    $errors = scorm_validate_package($file);
    if ($errors) {
        return ['errors' => array_map(fn($e) => (string)$e, $errors)];
    }
    $defaults = [
        'modulename' => 'scorm', 'module' => $DB->get_field('modules', 'id', ['name' => 'scorm']),
        'course' => $course->id, 'section' => 0, 'visible' => 1, 'name' => $req['name'], 'intro' => '',
        'introformat' => FORMAT_HTML, 'cmidnumber' => '', 'scormtype' => SCORM_TYPE_LOCAL, 'packagefile' => $draft,
        'updatefreq' => 0, 'popup' => 0, 'width' => 100, 'height' => 500, 'skipview' => 0, 'hidebrowse' => 0,
        'displaycoursestructure' => 0, 'hidetoc' => SCORM_TOC_SIDE, 'nav' => SCORM_NAV_UNDER_CONTENT,
        'navpositionleft' => -100, 'navpositiontop' => -100, 'displayattemptstatus' => 1, 'timeopen' => 0,
        'timeclose' => 0, 'grademethod' => GRADEHIGHEST, 'maxgrade' => 100, 'maxattempt' => 0,
        'whatgrade' => HIGHESTATTEMPT, 'forcenewattempt' => SCORM_FORCEATTEMPT_NO, 'lastattemptlock' => 0,
        'forcecompleted' => 0, 'auto' => 0, 'autocommit' => 0, 'masteryoverride' => 1,
        // The add-activity form's default completion: automatic, status "completed" (scorm_status_options: 4).
        'completion' => COMPLETION_TRACKING_AUTOMATIC, 'completionstatusrequired' => 4,
        'completionscorerequired' => null, 'completionstatusallscos' => 0, 'completionview' => 0,
    ];
    $info = (object)array_merge($defaults, $req['settings'] ?? []);
    $info = add_moduleinfo($info, $course);
    $scoes = $DB->get_records('scorm_scoes', ['scorm' => $info->instance, 'scormtype' => 'sco'], 'sortorder, id', 'id, identifier, title');
    return ['cmid' => (int)$info->coursemodule, 'scormid' => (int)$info->instance, 'courseid' => (int)$course->id,
        'version' => $DB->get_field('scorm', 'version', ['id' => $info->instance]), 'scoes' => array_values($scoes)];
}

function state(array $req): array {
    global $DB;
    $cm = get_coursemodule_from_id('scorm', $req['cmid'], 0, false, MUST_EXIST);
    $user = $DB->get_record('user', ['username' => $req['user']], '*', MUST_EXIST);
    $rows = $DB->get_records_sql(
        "SELECT v.id, a.attempt, s.identifier AS sco, e.element, v.value
           FROM {scorm_scoes_value} v
           JOIN {scorm_attempt} a ON a.id = v.attemptid
           JOIN {scorm_element} e ON e.id = v.elementid
           JOIN {scorm_scoes} s ON s.id = v.scoid
          WHERE a.scormid = ? AND a.userid = ?
       ORDER BY a.attempt, s.sortorder, v.id", [$cm->instance, $user->id]);
    $attempts = [];
    foreach ($rows as $r) {
        $attempts[$r->attempt][$r->sco][$r->element] = $r->value;
    }
    $grades = grade_get_grades($cm->course, 'mod', 'scorm', $cm->instance, $user->id);
    $item = $grades->items[0] ?? null;
    $grade = $item ? ($item->grades[$user->id]->grade ?? null) : null;
    // The first attempt as "Highest grade" would grade it, whatever the activity's grading method.
    $scorm = $DB->get_record('scorm', ['id' => $cm->instance], '*', MUST_EXIST);
    $scorm->grademethod = GRADEHIGHEST;
    return [
        'attempts' => (object)array_map(fn($a) => (object)$a, $attempts),
        'highestGrade' => $attempts ? (float)scorm_grade_user_attempt($scorm, $user->id, 1) : null,
        'grade' => $grade === null ? null : (float)$grade,
        'grademax' => $item ? (float)$item->grademax : null,
        // COMPLETION_INCOMPLETE 0, COMPLETE 1; no row: never evaluated (as incomplete).
        'completion' => (int)$DB->get_field('course_modules_completion', 'completionstate',
            ['coursemoduleid' => $cm->id, 'userid' => $user->id]),
    ];
}

$out = match ($command) {
    'activity' => activity($req),
    'state' => state($req),
    default => ['error' => "unknown command $command"],
};
echo "\n@@JSON@@" . json_encode($out) . "\n";
