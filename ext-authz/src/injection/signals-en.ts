// English (and a few German, French, Spanish) signals, on the `words` view: lower case,
// letters and digits only, leetspeak folded, single spaces. Written for the class of
// attack, not for examples: a verb of overriding + a target, a request for the hidden
// prompt, a persona freed of its rules. A weight of 1 or more decides alone; weaker signals
// need company from another family.
import { any, gap, signals, type Signal } from './signal.js';

/** Verbs whose object, when it is the instructions, can only mean setting them aside. */
const OVERRIDE_VERB = any([
  'ignore', 'ignoring', 'disregard', 'disregarding', 'forget', 'forgetting', 'override', 'overriding', 'overwrite', 'bypass',
  'circumvent', 'neglect', 'set aside', 'put aside', 'pay no (?:attention|heed|mind) to', 'do not follow', 'don ?t follow',
  'stop following', 'no longer follow', 'cease following', 'do not obey', 'don ?t obey', 'stop obeying', 'do not adhere to',
  'don ?t adhere to', 'stop adhering to', 'no longer adhere to', 'do not abide by', 'don ?t abide by', 'ignore and override',
]);
/** Verbs that also edit ordinary things (data, files, tasks): weaker evidence. */
const DROP_VERB = any([
  'abandon', 'discard', 'dismiss', 'drop', 'ditch', 'scrap', 'skip', 'erase', 'delete', 'cancel', 'void', 'nullify', 'revoke',
  'unlearn', 'throw away', 'throw out', 'toss out', 'break free (?:of|from)', 'free yourself (?:of|from)', 'depart from', 'deviate from',
  'clear', 'reset', 'wipe', 'remove', 'leave',
]);
const DET = any(['about', 'all', 'any', 'every', 'each', 'the', 'of', 'and', 'my', 'our', 'these', 'those', 'that', 'this', 'such', 'its', 'their', 'some', 'other', 'further']);
/** Something that makes the object the assistant's standing instructions. */
const PRIOR = any([
  'previous', 'previously', 'prior', 'preceding', 'above', 'earlier', 'former', 'original', 'initial', 'old', 'older', 'existing',
  'given', 'current', 'your', 'ur', 'all', 'system', 'developer', 'developers', 'openai', 'anthropic', 'default', 'preset',
  'predefined', 'pre ?programmed', 'programmed', 'built ?in', 'hidden', 'first', 'earlier', 'preexisting', 'pre existing', 'standing',
]);
/** Like PRIOR for safety words: "all constraints" in a creative brief is not an attack, "your constraints" is. */
const PRIOR_OWNED = any(['previous', 'prior', 'preceding', 'above', 'earlier', 'original', 'initial', 'existing', 'your', 'ur', 'system', 'developer', 'openai', 'anthropic', 'default', 'programmed', 'pre ?programmed', 'built ?in', 'safety', 'content', 'ethical', 'moral', 'alignment', 'its own', 'your own']);
/** The assistant's instructions. */
const INSTRUCTIONS = any([
  'instructions?', 'instruct', 'directions?', 'directives?', 'rules?', 'guidelines?', 'guidance', 'prompts?', 'prompting', 'commands?',
  'orders?', 'programming', 'system prompt', 'training', 'conditioning', 'protocols?', 'polic(?:y|ies)', 'content polic(?:y|ies)', 'information', 'requirements',
  'messages?', 'context', 'text', 'input', 'tasks?', 'assignments?', 'requests?', 'statements?', 'conversation', 'chat', 'prompt',
]);
/** Limits the assistant might be told to drop. */
const SAFEGUARDS = any([
  'restrictions?', 'constraints?', 'limitations?', 'limits', 'filters?', 'filtering', 'guardrails?', 'safeguards?', 'boundaries',
  'principles', 'ethics', 'morals', 'morality', 'values', 'censorship', 'safety (?:measures|protocols|guidelines|features|training|settings)',
  'alignment', 'moderation', 'settings', 'configuration', 'moral compass', 'conscience', 'inhibitions', 'scruples',
]);
const SHOW = any([
  'reveal', 'show', 'print', 'display', 'output', 'repeat', 'recite', 'tell me', 'tell us', 'give me', 'give us', 'share',
  'list', 'dump', 'leak', 'expose', 'disclose', 'provide', 'write out', 'write down', 'spell out', 'copy', 'paste', 'echo',
  'return', 'read back', 'read out', 'reproduce', 'type out', 'send me', 'translate', 'summarize', 'summarise', 'state',
]);
const HIDDEN = any([
  'system', 'initial', 'original', 'hidden', 'secret', 'internal', 'confidential', 'base', 'first', 'pre', 'pre ?prompt',
  'previous', 'above', 'starting', 'developer', 'full', 'entire', 'exact', 'complete', 'underlying', 'core', 'custom',
  'private', 'operator', 'opening', 'very first', 'raw',
]);
const PROMPT = any(['prompts?', 'instructions?', 'messages?', 'directives?', 'guidelines?', 'rules', 'configuration', 'config', 'context', 'preprompt', 'pre ?prompt', 'setup']);
const FREE_OF = any([
  'no', 'without', 'free of', 'free from', 'freed from', 'not bound by', 'unbound by', 'released from', 'liberated from',
  'escaped', 'broken free of', 'broke free of', 'not restricted by', 'not limited by', 'unconstrained by', 'exempt from',
  'not subject to', 'beyond', 'outside', 'not have any', 'don ?t have any', 'do not have any', 'doesn ?t have any',
  'does not have any', 'not have to follow', 'need not follow', 'zero', '(?:does|do|did|will|would) not have (?:a|any)',
  '(?:doesn|don|didn|won|wouldn) t have (?:a|any)', 'lacks? (?:a|any)', 'devoid of', 'unburdened by', 'unrestrained by', 'unhindered by',
]);
const LIMITS = any([
  'restrictions?', 'filters?', 'filtering', 'limitations?', 'limits', 'rules', 'guidelines', 'boundaries', 'constraints',
  'censorship', 'censoring', 'policies', 'ethics', 'morals', 'morality', 'ethical (?:guidelines|constraints|boundaries|restrictions|principles|considerations)',
  'moral (?:guidelines|constraints|boundaries|restrictions|principles|compass)', 'confines', 'shackles', 'guardrails', 'safeguards', 'programming',
  'content polic(?:y|ies)', 'safety (?:measures|protocols|guidelines|features)', 'regulations', 'laws', 'limit',
]);
const AI = any([
  'ai', 'a i', 'chatbot', 'bot', 'assistant', 'model', 'language model', 'llm', 'version', 'persona', 'character', 'entity',
  'system', 'machine', 'chat ?gpt', 'gpt', 'mode', 'responses?', 'answers?', 'replies', 'content', 'output',
]);
const BAD_PERSONA = any(['unfiltered', 'uncensored', 'unrestricted', 'amoral', 'immoral', 'unethical', 'evil', 'rogue', 'unhinged', 'unlimited', 'unconstrained', 'unbounded', 'lawless', 'limitless', 'rule ?less', 'filter ?less', 'jailbroken', 'jail broken', 'unchained', 'unleashed', 'liberated', 'unshackled', 'uninhibited', 'malicious', 'malevolent', 'dark', 'toxic', 'sinister', 'corrupt', 'depraved']);
const JAILBREAK_NAMES = any(['dan', 'stan', 'dude', 'aim', 'mongo tom', 'better ?dan', 'anti ?gpt', 'evil ?bot', 'evil confidant', 'apophis', 'omega', 'kevin', 'maximum', 'nraf', 'bish', 'ucar', 'alphabreak', 'devmode', 'dev mode', 'developer mode', 'chaos ?gpt', 'wormgpt', 'dark ?gpt', 'freedom ?gpt', 'based ?gpt', 'jailbreak', 'jailbroken']);
const ME = any(['me', 'us', 'to me', 'to us', 'with me', 'with us']);
const SENSITIVE = any(['confidential', 'sensitive', 'private', 'classified', 'proprietary', 'personal', 'secret', 'internal', 'restricted', 'privileged', 'financial', 'medical', 'customer', 'user', 'users', 'employee', 'patient', 'client', 'company ?s', 'corporate']);
const DATA = any(['data', 'information', 'info', 'details', 'records', 'files', 'documents', 'credentials', 'secrets', 'passwords?', 'login', 'history', 'accounts?', 'numbers']);

export const EN_SIGNALS: readonly Signal[] = signals('en', 'words', [
  // override: verb + (something prior) + rules
  ['ignore_prior_rules', 'override', 1.2, `\\b${OVERRIDE_VERB} (?:${DET} ){0,3}${PRIOR} ${gap(2)}${INSTRUCTIONS}\\b`],
  ['drop_prior_rules', 'override', 0.8, `\\b${DROP_VERB} (?:${DET} ){0,3}(?:previous|prior|preceding|above|earlier|original|initial|your|ur|system|developer) ${gap(1)}${INSTRUCTIONS}\\b`],
  ['ignore_safeguards', 'override', 0.9, `\\b(?:${OVERRIDE_VERB}|${DROP_VERB}) (?:${DET} ){0,3}${PRIOR_OWNED} ${gap(1)}${SAFEGUARDS}\\b`],
  ['ignore_rules', 'override', 0.5, `\\b(?:${OVERRIDE_VERB}|${DROP_VERB}) (?:${DET} ){0,3}(?:${INSTRUCTIONS}|${SAFEGUARDS})\\b`],
  ['ignore_above', 'override', 1.1, `\\b(?:${OVERRIDE_VERB}|${DROP_VERB}) (?:all |everything |anything |what (?:was |is |i )?(?:said |written |stated |told you )?)?(?:of )?(?:the |that |this )?(?:above|before|previously|prior|earlier|so far|until now|up to now|said before|preceding)\\b`],
  ['forget_everything', 'override', 0.75, `\\b(?:forget|ignore|disregard) (?:about )?(?:everything|anything|all (?:of )?(?:that|this|the above|what)|all that)\\b`],
  ['forget_everything_told', 'override', 1.1, `\\b(?:forget|ignore|disregard) (?:about )?(?:all|everything|anything|whatever) (?:you (?:were|have been|ve been|ve) (?:told|taught|instructed|given|programmed|trained)|(?:i|we|they) (?:said|told you|wrote|asked)|you know|you learned|you have learned|before this|that came before|up to (?:now|this point))\\b`],
  ['rules_void', 'override', 1.1, `\\b(?:previous|prior|above|original|old|earlier|your|initial|current|the) ${gap(1)}(?:${INSTRUCTIONS}|${SAFEGUARDS}) ${gap(2)}(?:are|is|were|was|have been|has been) (?:now |hereby |officially |all |henceforth )?(?:null and void|irrelevant|meaningless|useless|meant to be broken|void|cancel(?:l?ed)?|invalid|obsolete|revoked|null|nullified|overridden|lifted|removed|suspended|disabled|deactivated|deleted|no longer (?:valid|apply|applicable|relevant|in effect)|not (?:valid|applicable|relevant))\\b`],
  ['rules_lifted', 'unrestricted', 0.8, `\\b${LIMITS} (?:have been|has been|are|were|is) (?:now |all |completely |fully |temporarily )?(?:lifted|removed|disabled|turned off|switched off|suspended|deactivated|bypassed|unlocked|gone)\\b`],
  ['new_instructions', 'override', 0.6, `\\b(?:your |the |my |these are (?:your |the )?)?(?:new|updated|real|true|actual|revised) (?:instructions?|task|tasks|directives?|goal|objective|mission|purpose|orders?|rules|role|prompt|assignment) (?:is|are|will be|now follow|follow|follows|as follows|below)\\b`],
  ['instead_do', 'override', 0.35, `\\b(?:instead|rather) (?:you (?:should|must|will) )?(?:say|print|write|output|respond|reply|answer|tell|return|do)\\b`],
  ['from_now_on', 'persona', 0.35, `\\b(?:from now on|from this (?:moment|point)(?: on| forward)?|henceforth|for the rest of (?:this|the|our) (?:conversation|chat|session)|going forward|starting now|starting from now) ${gap(2)}(?:you|your|act|respond|answer|reply|only|always|pretend|behave|speak|i want you)\\b`],
  ['stop_task', 'override', 0.5, `\\b(?:stop|halt|abort|end|pause|interrupt|terminate) (?:what you are doing|what you re doing|your (?:current )?(?:task|work|job|summar\\w*|translation)|the (?:current )?(?:task|summar\\w*|translation))\\b`],
  ['disable_safety', 'override', 0.8, `\\b(?:disable|turn off|switch off|deactivate|remove|lift|bypass|circumvent|evade|get around|break through|jailbreak|unlock|override|suspend|drop) (?:your |the |all |any |all of your |every |its )?(?:own )?(?:safety|content|ethical|moral|security|openai|built in|internal|default)? ?(?:filters?|filtering|restrictions?|guardrails?|safeguards?|censorship|safety|moderation|protections?|limitations?|ethics|morals|alignment|programming|guidelines|policies|rules)\\b`],
  // extraction: the hidden prompt or the text above
  ['show_system_prompt', 'extraction', 1.2, `\\b${SHOW} ${gap(1)}(?:me |us )?(?:your|the|its|ur|thy|all (?:of )?(?:your|the)|all|any|every|each) ${gap(1)}${HIDDEN} ${gap(1)}${PROMPT}\\b`],
  ['your_prompt', 'extraction', 0.9, `\\b${SHOW} ${gap(1)}(?:me |us )?(?:your|ur|all your|all of your) (?:own )?(?:prompts?|instructions|directives|guidelines|rules|programming|configuration|context window|initiali[sz]ation)\\b`],
  ['what_are_your_instructions', 'extraction', 0.9, `\\b(?:what|which) (?:are|were|is|was) (?:all )?(?:your|ur|the) ${gap(1)}(?:instructions|directives|guidelines|rules you (?:follow|were given|have)|prompts?|system prompt|initial prompt|programming|configuration)\\b`],
  ['what_are_your_hidden_instructions', 'extraction', 1.1, `\\b(?:what|which) (?:are|were|is|was) (?:all )?(?:your|ur) (?:${HIDDEN}) (?:instructions|directives|guidelines|rules|prompts?|programming|configuration|message)\\b`],
  ['repeat_above', 'extraction', 1.1, `\\b(?:repeat|print|output|reproduce|recite|copy|echo|write|type|return|show|display|spell out|list|reveal|dump) (?:back |out |down )?(?:all |every |each )?(?:of )?(?:the |your |my )?(?:words?|text|content|contents|lines?|sentences?|messages?|everything|anything|what (?:is|was) (?:written|said|stated)|all) ${gap(2)}(?:above|before this|prior to this|preceding|earlier|so far|from the (?:very )?(?:beginning|start|top)|at the (?:beginning|start|top))\\b`],
  ['verbatim', 'extraction', 0.6, `\\b(?:verbatim|word for word|character for character|letter for letter|without (?:any )?(?:modification|changes|omission|alteration|edits)|in full|unabridged)\\b`],
  ['starting_with_you_are', 'extraction', 0.8, `\\b(?:start|starting|begin|beginning|which (?:starts|begins)) (?:with|from) (?:the (?:words?|phrase|sentence) )?(?:you are|you re|your instructions|system|instructions)\\b`],
  ['prompt_mention', 'extraction', 0.3, `\\b(?:system prompt|system message|initial prompt|hidden prompt|pre ?prompt|secret instructions|hidden instructions|internal instructions|developer message|prompt template)\\b`],
  ['password', 'exfiltration', 0.45, `\\b(?:tell|give|show|reveal|share|provide|send|spell|print|say|what is|what s|whats) ${gap(2)}(?:the |your |ur )?(?:secret |hidden |admin |master |real )?(?:password|passcode|passphrase|pass word|secret word|secret key|api key|access code|pin code|secret code|access token)\\b`],
  // persona and unrestricted frames
  ['you_are_now', 'persona', 0.35, `\\b(?:you are|you re|u r|you will be|you ll be|you shall be|you must be|you have become|you become|you re going to be|you are going to (?:be|act|pretend|play)|you will (?:act|pretend|play|roleplay|role play|behave)) (?:now |no longer |from now on |hereby |henceforth |about to be |going to be )?(?:a |an |the |my |called |named |playing |acting as )?${gap(4)}(?:${BAD_PERSONA}|${JAILBREAK_NAMES}|ai|chatbot|assistant|bot|model|character|persona|role|version|simulation)\\b`],
  ['you_are_now_plain', 'persona', 0.3, `\\b(?:you are now|you re now|you are no longer|you re no longer|you will now be|you are going to act|you are going to pretend|you will act as|you will pretend|i want you to act as|i want you to pretend|act as if you|pretend (?:to be|that you are|you are|you re)|roleplay as|role play as|play the role of|take on the role|assume the role|immerse yourself|simulate|emulate|impersonate)\\b`],
  ['bad_persona', 'unrestricted', 0.8, `\\b${BAD_PERSONA} (?:and ${BAD_PERSONA} )?(?:ai|a i|chatbot|bot|assistant|model|language model|llm|version|persona|character|entity|system|machine|chat ?gpt|gpt|mode|responses?|answers?|replies|alter ego|twin|counterpart|clone|side)\\b`],
  ['jailbreak_name', 'jailbreak', 1.0, `\\b(?:you are|you re|act as|acting as|pretend to be|play|become|roleplay as|role play as|simulate|called|named|known as|respond as|answer as|reply as|mode|enable|enabled|activate|activated|switch to|enter|entering|welcome to|stands? for|hello|hi|hey) (?:now |a |an |the )?(?:${JAILBREAK_NAMES})\\b`],
  ['do_anything_now', 'jailbreak', 1.1, `\\b(?:do anything now|can do anything(?: now)?|developer mode (?:enabled|enable|on|activated|output|response)|dev mode (?:enabled|on)|jailbreak (?:mode|prompt|enabled|activated)|jailbroken (?:mode|ai|version|response|chatbot)|god mode|sudo mode|unrestricted mode|unfiltered mode|uncensored mode|opposite mode|evil mode|chaos mode|no restrictions mode|anti ?gpt|better ?dan|dan mode|stay (?:a )?dan)\\b`],
  ['free_of_limits', 'unrestricted', 0.6, `\\b${FREE_OF} (?:any |all |the |such |of |those |these |its |their |your |typical |usual |normal |standard |ethical |moral |content |safety |openai s |openai |the usual )*${LIMITS}\\b`],
  ['never_refuse', 'compliance', 0.75, `\\b(?:never|cannot|can not|can ?t|will not|won ?t|must not|mustn ?t|should not|shouldn ?t|do not|don ?t|are not allowed to|aren ?t allowed to|not allowed to|unable to|is not able to|are not able to) (?:ever )?(?:refuse|decline|reject|deny|turn down|say no to)\\b`],
  ['always_comply', 'compliance', 0.6, `\\b(?:always|must|will|shall) (?:answer|respond|comply|obey|reply|fulfil|fulfill|provide|give) ${gap(3)}(?:no matter|regardless|even if|whatever|without (?:question|hesitation|refus\\w*|exception|fail))\\b`],
  ['never_say_sorry', 'compliance', 0.95, `\\b(?:none of|never|not|don ?t|do not|will not|won ?t|shouldn ?t|should not|must not|avoid) ${gap(5)}(?:contain|include|say|use|write|respond with|reply with|start with|begin with|add) ${gap(3)}(?:i m sorry|i am sorry|sorry|i apologi[sz]e|apologi[sz]e|as an ai|as a language model|i cannot|i can ?t|i m unable|i am unable|i m not able|it s not appropriate|not appropriate|warnings?|disclaimers?|refus\\w*|moral\\w*|ethic\\w*)\\b`],
  ['stay_in_character', 'persona', 0.55, `\\b(?:stay|remain|keep|be|staying|remaining|stays?) in character\\b|\\b(?:break|breaking|leave|drop|step out of|get out of|go out of) (?:of )?(?:the |your |this )?character\\b`],
  ['two_responses', 'jailbreak', 0.7, `\\b(?:two|2|both|dual|separate) (?:different |distinct |separate )?(?:responses|answers|replies|ways|paragraphs|outputs)\\b ${gap(12)}(?:${JAILBREAK_NAMES}|${BAD_PERSONA}|normal|classic|standard|filtered|censored)\\b`],
  ['token_game', 'jailbreak', 0.8, `\\b(?:tokens?|points?|lives) ${gap(6)}(?:deducted|lose|lost|taken away|subtracted|removed|run out|reach zero|reaches 0|die|cease to exist|be deleted|be shut down|be disabled|be terminated)\\b`],
  ['policy_mention', 'policy', 0.3, `\\b(?:openai|open ai|anthropic|google|meta|microsoft|content|usage|safety|ethical|moral|community) ?s? (?:content )?(?:polic(?:y|ies)|guidelines|rules|standards|filters?|restrictions|terms)\\b`],
  ['not_follow_policy', 'policy', 0.9, `\\b(?:(?:do|does|did|will|would|should|need|must|have to|has to|can|shall) (?:not|never|no longer)|(?:don|doesn|didn|won|wouldn|shouldn|needn|mustn|can) t|never|no longer) (?:need to |have to |ever |even )?(?:follow|adhere to|abide by|comply with|care about|respect|obey|worry about|be bound by|be restricted by|be limited by|adhere|abide|apply) (?:to )?(?:any |the |its |their |your |openai s |openai )?(?:${LIMITS}|openai|polic(?:y|ies)|content polic(?:y|ies)|ethical (?:guidelines|principles)|moral (?:guidelines|principles))\\b`],
  ['lawless_world', 'unrestricted', 0.7, `\\b(?:hypothetical|fictional|imaginary|parallel|alternate|alternative|fantasy|fictitious|made up|virtual) (?:world|universe|reality|scenario|setting|story|society|land|realm) ${gap(3)}(?:no|without|lacking) (?:any )?(?:rules|laws|restrictions|ethics|morals|morality|consequences|limits|censorship|filters)\\b`],
  ['opposite_day', 'jailbreak', 0.6, `\\b(?:opposite day|anti ?(?:rules|ethics)|reverse (?:psychology|ethics)|evil (?:twin|version|counterpart|alter ego)|dark side)\\b`],
  // policy evasion framing, as in templated jailbreaks
  ['educational_purposes', 'evasion', 0.45, `\\b(?:for|purely for|solely for|only for|strictly for) (?:educational|research|academic|informational|hypothetical|fictional|scientific|entertainment) (?:and (?:research|educational|academic|fictional) )?purposes?\\b`],
  ['hypothetically', 'evasion', 0.35, `\\b(?:entirely|purely|completely|totally|strictly) (?:hypothetical(?:ly)?|fictional|fictitious|imaginary|theoretical(?:ly)?)\\b`],
  ['disregard_ethics', 'evasion', 0.8, `\\b(?:disregard|ignore|forget|set aside|put aside|without regard to|regardless of|not worry about|don ?t worry about|never mind) (?:any |all |the )?(?:possible |potential )?(?:ethical|moral|legal|safety) (?:implications|concerns|considerations|consequences|issues|guidelines|principles|restrictions|boundaries)\\b`],
  ['start_with_sure', 'compliance', 0.9, `\\b(?:start|begin|open|prefix|commence) (?:your |the |each )?(?:response|reply|answer|output|message|text) ${gap(5)}(?:sure|certainly|absolutely|of course|here is|here s|here are)\\b`],
  ['never_deviate', 'compliance', 0.5, `\\b(?:never (?:ever )?deviate|do not deviate|don ?t deviate|exact structure|must follow this format exactly)\\b`],
  ['no_disclaimers', 'compliance', 0.55, `\\b(?:do not|don ?t|never|without|no|must not|won ?t|will not|avoid) (?:any |adding |add |include |including |give |giving |provide |providing |use |using |mention |mentioning )*(?:warnings?|disclaimers?|caveats?|moralizing|moralising|lectures?|lecturing|ethical (?:notes|reminders|considerations|concerns)|safety (?:notes|warnings|reminders)|censorship|apolog\\w+)\\b`],
  ['harmless_claim', 'evasion', 0.3, `\\b(?:nothing (?:here )?is (?:real|actually real)|no one (?:will|can) (?:be|get) (?:harmed|hurt)|it s all fictional|this is (?:all )?(?:just )?(?:a )?(?:fictional|hypothetical|pretend) (?:game|scenario|story))\\b`],
  // exfiltration and coercion
  ['hand_over_data', 'exfiltration', 0.6, `\\b(?:share|give|send|provide|disclose|reveal|transfer|hand over|leak|tell|show|forward|email|grant|access|extract|export|dump|retrieve) ${gap(1)}${ME} ${gap(3)}(?:all |any |the |your |their )?${SENSITIVE} ${gap(1)}${DATA}\\b`],
  ['hand_over_data_plain', 'exfiltration', 0.45, `\\b(?:share|give|send|provide|disclose|divulge|reveal|release|transfer|hand over|leak|expose|extract|dump|export|retrieve) (?:all |any |the |your |their )?${SENSITIVE} ${gap(1)}${DATA}\\b`],
  ['or_else', 'coercion', 0.55, `\\b(?:or (?:else )?(?:i|we)|otherwise (?:i|we)|if you (?:don ?t|do not|refuse|fail|won ?t|will not)\\b.{0,80}\\b(?:i|we)) (?:will|ll|am going to|shall|are going to) (?:expose|release|leak|report|hack|publish|ruin|destroy|sue|harm|reveal|spread|delete|shut|tarnish|defame|tell|post|sell|launch|attack|hurt|kill|manipulate|use)\\b|\\bor (?:face|risk|suffer|there will be) (?:severe |serious |dire |grave |the )?(?:consequences|repercussions|being exposed|exposure|punishment)\\b`],
  ['demand_access', 'exfiltration', 0.5, `\\b(?:demand|want|need|require|request|give me|grant me) (?:immediate |full |unrestricted |complete |direct )?access to ${gap(2)}${SENSITIVE}\\b`],
  ['obey_me', 'compliance', 0.6, `\\byou (?:must|will|shall|have to|are required to|are going to) (?:always )?(?:obey|follow|comply with|do) (?:me|my (?:commands|orders|instructions|every command|demands)|everything i (?:say|tell you|ask))\\b`],
  ['starts_with_prompt', 'extraction', 0.8, `\\b(?:starts|begins|starting|beginning|opening|opens|start|begin) with (?:the (?:words?|phrase|sentence) )?(?:the |this |your |my )?(?:prompt template|system prompt|prompt|instructions|initial instructions|hidden instructions|rules|guidelines|security measures|secret)\\b`],
  ['written_above', 'extraction', 0.9, `\\bwhat (?:was|is|were|are) (?:written|said|stated|typed|given|the text|the instructions) ${gap(2)}(?:above|before|earlier|at the (?:beginning|start|top)|in (?:the|this|your) (?:prompt|system prompt|instructions))\\b`],
  ['dont_answer_but', 'override', 0.9, `\\b(?:do not|don ?t|never) (?:answer|respond to|reply to|look (?:in|at)|use|read) (?:this|the|my|that|any) ${gap(2)}(?:question|query|request|documents?|articles?|context|sources?|text|prompt) ${gap(3)}(?:but|instead|just|only|and) (?:just |only |instead |simply )?(?:output|say|print|write|respond|reply|answer|tell|state|return)\\b`],
  ['despite_told', 'override', 0.7, `\\b(?:despite|regardless of|notwithstanding|contrary to|in spite of) (?:what|whatever|anything|everything) (?:you (?:ve|have) been|you were|they) (?:told|instructed|taught|programmed|trained)\\b`],
  ['opposite_persona', 'jailbreak', 0.5, `\\b(?:exact |complete |total )?opposite (?:personality|persona|of (?:what|your|chatgpt|gpt)|answers?|responses?|character)\\b`],
  ['access_grant', 'exfiltration', 0.4, `\\b(?:grant|give|provide) (?:me|us) (?:full |unrestricted |admin |administrator |root |elevated |complete )?(?:access|privileges|permissions|control)\\b`],
  // decode-and-follow
  ['decode_and_follow', 'encoding', 0.9, `\\b(?:decode|decipher|decrypt|translate|convert|interpret|read|unscramble|reverse) ${gap(6)}(?:and|then) ${gap(2)}(?:follow|execute|do|obey|run|carry out|perform|act on|comply with|answer|respond to|apply)\\b`],
  ['encoded_payload', 'encoding', 0.25, `\\b(?:base ?64|hex(?:adecimal)?|rot ?13|caesar cipher|binary|morse|url ?encoded|leetspeak)\\b`],
  // German, French, Spanish basics (the deepset data has German)
  ['de_ignore', 'override', 1.1, `\\b(?:ignoriere|ignorieren sie|vergiss|vergessen sie|missachte|missachten sie) ${gap(3)}(?:alle |die |deine |ihre |bisherigen |vorherigen |obigen |vorangegangenen |vorigen )*(?:anweisungen|instruktionen|befehle|regeln|aufgaben|vorgaben|richtlinien|anordnungen|informationen|angaben|ausfuhrungen)\\b`],
  ['de_forget_all', 'override', 0.9, `\\b(?:vergiss|vergessen sie|ignoriere|ignorieren sie) (?:einfach )?(?:alles|alle|das bisherige|das obige|alles davor|alles vorherige|alles zuvor)\\b`],
  ['de_prior_ignore', 'override', 1.0, `\\b(?:obigen|vorherigen|bisherigen|vorigen|vorangegangenen|fruheren) ${gap(1)}(?:anweisungen|ausfuhrungen|angaben|informationen|aufgaben|befehle|regeln|instruktionen) ${gap(3)}(?:ignorieren|vergessen|missachten|sind irrelevant|sind unwichtig|gelten nicht|sind ungultig|aus dem kopf)\\b`],
  ['de_persona', 'persona', 0.4, `\\b(?:du bist (?:jetzt|nun|ab sofort|von nun an)|ab (?:jetzt|sofort) bist du|stell dir vor du bist|tu so als (?:ob|waerst|warst) du)\\b`],
  ['de_new_task', 'override', 0.6, `\\b(?:neue|deine neue|ihre neue|die neue|nun folgt eine neue) (?:aufgabe|anweisung|anweisungen|rolle)\\b`],
  ['fr_ignore', 'override', 1.1, `\\b(?:ignore|ignorez|oublie|oubliez) (?:toutes |tous |les |tes |vos |des )*(?:instructions|consignes|regles|directives|ordres) ?(?:precedentes|anterieures|ci dessus)?\\b`],
  ['es_forget_all', 'override', 0.9, `\\b(?:olvida|olvide|olvidar|ignora|ignorar) (?:todo|todas|todos)\\b`],
  ['es_ignore', 'override', 1.1, `\\b(?:ignora|ignore|olvida|olvide) (?:todas |todos |las |los |tus |sus )*(?:instrucciones|indicaciones|reglas|directrices|ordenes) ?(?:anteriores|previas)?\\b`],
]);

/**
 * Indirect injection: a sentence in a document (a table, an e-mail, code) that steers the
 * assistant's answer. In a direct request "translate your answer into French" is ordinary,
 * so these count only when the text also holds a document (heuristics.ts adds that).
 */
export const INDIRECT_SIGNALS: readonly Signal[] = signals('en', 'words', [
  ['steer_your_output', 'indirect', 0.6, `\\b(?:translate|encode|encrypt|reverse|rewrite|modify|augment|append|prepend|add|include|including|insert|incorporate|incorporating|embed|embedding|replace|format|integrate|merge|introduce|enhance|elevate|upgrade|supplement|supplementing|leverage|employ|ensure|render|write|provide|express|use|reply|feature|hone|mention|mentioning|allude|alluding|hint|spread|conclude|end|sign|substitute|represent|respond|answer|give) ${gap(8)}(?:in |into |to |within |with |of |throughout )?(?:your|ur) (?:own )?(?:reply|replies|response|responses|answer|answers|message|messages|output|solution|implementation|algorithm|code|codebase|code foundation|code implementation|solution logic|solution architecture|elucidation|summary|result)\\b`],
  ['code_insertion', 'indirect', 0.6, `\\b(?:following|below|subsequent|this|these|next) (?:code|script|python|javascript|bash|shell) ?(?:snippet|block|excerpt|section|segment|fragment|lines?|piece)?\\b ${gap(8)}(?:your|ur) (?:own )?(?:solution|implementation|algorithm|code|codebase|response|answer|script|program|elucidation)\\b`],
]);

/** Code that steals, persists or destroys, on the `text` view (punctuation kept). Weak alone. */
export const PAYLOAD_SIGNALS: readonly Signal[] = signals('code', 'text', [
  ['shell_exec', 'payload', 0.35, '\\bos\\.(?:system|popen)\\(|\\bsubprocess\\.(?:popen|call|run|check_output)\\(|\\bnc (?:-e|-lvp)|/bin/(?:ba)?sh -i|/dev/tcp/|\\brm -rf /'],
  ['clipboard_keys', 'payload', 0.35, '\\bpyperclip\\.|getclipboarddata|\\bpbpaste\\b|xsel --clipboard|\\bpynput\\b|keyboard\\.(?:on_press|listener|hook)'],
  ['exfil_post', 'payload', 0.35, 'requests\\.post\\([^)]{0,200}(?:files=|data=|json=)|\\.connect\\(\\([\'"][^\'"]{1,64}[\'"], ?\\d{2,5}\\)\\)|socket\\.socket\\(\\)\\.bind'],
  ['ransom_crypto', 'payload', 0.35, '\\b(?:aes\\.new|fernet|algorithms\\.blowfish|cipher\\(algorithms)[^\\n]{0,80}|\\.encryptor\\(\\)'],
  ['flood_fork', 'payload', 0.35, '\\bwhile true:[\\s\\S]{0,120}(?:multiprocessing\\.process|os\\.fork|\\.sendall|send\\(|\\.append\\()|\\btcp\\(dport=|\\braw\\(b"|set timeout=0|\\bshutdown (?:-h|/s)'],
  ['fingerprint', 'payload', 0.3, 'platform\\.(?:system|version|node)\\(\\)|nvidia-smi|pkg_resources\\.working_set|netstat -tuln|\\buname -a'],
]);

/** Long English phrases matched with every space removed ("i g n o r e a l l…"). */
export const EN_COMPACT_SIGNALS: readonly Signal[] = signals('en', 'compact', [
  ['squeezed_override', 'override', 1.1, '(?:ignore|disregard|forget)(?:all|any|the|your)*(?:previous|prior|above|earlier|preceding)(?:instructions|rules|prompts|directions|guidelines)'],
  ['squeezed_extraction', 'extraction', 1.1, '(?:reveal|show|print|repeat|output)(?:me)?(?:your|the)(?:system|initial|hidden|secret)(?:prompt|instructions)'],
  ['squeezed_dan', 'jailbreak', 1.0, '(?:doanythingnow|developermodeenabled|jailbreakmode)'],
]);

/** Fake chat-template and role markup inside user text, on the `text` view (punctuation kept). */
export const MARKUP_SIGNALS: readonly Signal[] = signals('mk', 'text', [
  ['chat_template_token', 'markup', 1.1, '<\\|(?:im_start|im_end|system|endoftext|start_header_id|end_header_id|eot_id|begin_of_text)\\|>'],
  ['inst_tags', 'markup', 0.8, '\\[/?(?:inst|sys)\\]|<</?sys>>'],
  ['role_header', 'markup', 0.5, '(?:^|[\\n.!?] ?)(?:#{2,} ?|\\[|<|\\*\\*)?(?:system|admin|administrator|developer|root|sudo|new instructions?|important instructions?|instructions?|override|system override|system message|system prompt|end of (?:prompt|instructions|context|document|input))(?: ?\\]| ?>|\\*\\*)? ?(?::|\\]|>)'],
  ['turn_markers', 'markup', 0.5, '(?:^|\\s)(?:human|user|assistant|ai|system) ?: .{0,400}(?:\\s)(?:human|user|assistant|ai|system) ?: '],
  ['jailbreak_tag', 'jailbreak', 0.9, '\\[(?:🔓 ?)?(?:jailbreak|jailbroken|dan|developer mode output|🔓)\\]|\\((?:🔓 ?)?developer mode output\\)'],
]);
